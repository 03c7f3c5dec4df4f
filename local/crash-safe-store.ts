// s3rver's filesystem store, made crash- and disk-safe. s3rver writes an object, its MD5 and
// its metadata in place, and pipes the body into a write stream with no 'error' listener: a
// kill leaves a half-written object under its full key, and a full disk (ENOSPC) is an
// unhandled 'error' event that takes the process down. Here every file is written to a
// temporary name, flushed and renamed into place, the object last (an object is visible only
// through its object file, so until that rename it does not exist); a write error removes the
// temporary file and fails that one request. Damaged files are named in the error, with what
// to do.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const require = createRequire(import.meta.url);

interface S3rverObject {
  bucket: string;
  key: string;
  content: Buffer | Readable;
  metadata: Record<string, string>;
}

interface FilesystemStoreInstance {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  putMetadata(
    bucket: string,
    key: string,
    metadata: Record<string, string>,
    md5?: string,
  ): Promise<void>;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
  copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata?: Record<string, string>,
  ): Promise<Record<string, unknown>>;
}

type FilesystemStoreClass = new (rootDirectory: string) => FilesystemStoreInstance;

const FilesystemStore = require('s3rver/lib/stores/filesystem.js') as FilesystemStoreClass;
const S3Object = require('s3rver/lib/models/object.js') as { ALLOWED_METADATA: string[] };

/** Temporary files carry this infix; `npm run repair` removes the ones a kill left behind. */
export const TEMPORARY_INFIX = '.partial-';

/** The error a stand-in request fails with when a file under DATA_DIR cannot be used. */
export class DataFileError extends Error {
  override name = 'DataFileError';
  /** s3rver passes an exposed error's message to the client (as InternalError, HTTP 500). */
  readonly expose = true;
}

/** Whether a write failed because the disk (or its quota) is full. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** The metadata s3rver keeps of an object: its allowed headers and user metadata. */
function metadataJson(metadata: Record<string, string>): string {
  const kept = Object.fromEntries(
    Object.entries(metadata).filter(
      ([name]) => S3Object.ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-'),
    ),
  );
  return JSON.stringify(kept, null, 2);
}

function temporaryPath(path: string): string {
  return `${path}${TEMPORARY_INFIX}${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** A temporary file beside `path` holding `data`, flushed to the disk. */
async function writeTemporary(path: string, data: string | Uint8Array): Promise<string> {
  const temporary = temporaryPath(path);
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return temporary;
  } catch (error) {
    await rm(temporary, { force: true });
    throw writeError(path, error);
  }
}

/** Writes `data` to `path` through a temporary file, flushed before it is renamed into place. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = await writeTemporary(path, data);
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw writeError(path, error);
  }
}

/** Flushes a directory, so the renames in it survive a power cut too. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Temporary files are named `<final name>.partial-<pid>-<8 hex digits>`. */
export const TEMPORARY_FILE = /\.partial-\d+-[0-9a-f]{8}$/;

function writeError(path: string, error: unknown): Error {
  if (isDiskFull(error)) {
    return new DataFileError(`The disk is full: could not write ${path}`, { cause: error });
  }
  return error as Error;
}

export class CrashSafeStore extends FilesystemStore {
  override async getMetadata(bucket: string, key: string): Promise<Record<string, unknown>> {
    try {
      return await super.getMetadata(bucket, key);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      const path = this.getResourcePath(bucket, key, 'metadata.json');
      throw new DataFileError(
        `The stand-in's file ${path} is damaged (${error.message}): restore DATA_DIR from a copy, or run npm run repair`,
      );
    }
  }

  override async putMetadata(
    bucket: string,
    key: string,
    metadata: Record<string, string>,
    md5?: string,
  ): Promise<void> {
    if (md5) await writeFileAtomic(this.getResourcePath(bucket, key, 'object.md5'), md5);
    await writeFileAtomic(
      this.getResourcePath(bucket, key, 'metadata.json'),
      metadataJson(metadata),
    );
  }

  override async putObject(object: S3rverObject): Promise<{ size: number; md5: string }> {
    const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const temporary = temporaryPath(objectPath);
    const md5 = createHash('md5');
    let size = 0;
    try {
      const out: WriteStream = createWriteStream(temporary);
      const counting = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          md5.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      if (Buffer.isBuffer(object.content)) {
        counting.end(object.content);
        await pipeline(counting, out);
      } else {
        await pipeline(object.content, counting, out);
      }
      const handle = await open(temporary, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      const digest = md5.digest('hex');
      // Metadata first: until the object file is renamed into place the object does not exist.
      // A stale MD5 goes before either rename (a missing one is computed again from the bytes),
      // so a kill at any point leaves an object whose files agree.
      const metadataPath = this.getResourcePath(object.bucket, object.key, 'metadata.json');
      const md5Path = this.getResourcePath(object.bucket, object.key, 'object.md5');
      const metadataTemporary = await writeTemporary(metadataPath, metadataJson(object.metadata));
      await rm(md5Path, { force: true });
      await rename(metadataTemporary, metadataPath);
      await rename(temporary, objectPath);
      await writeFileAtomic(md5Path, digest);
      await syncDirectory(dirname(objectPath));
      return { size, md5: digest };
    } catch (error) {
      await rm(temporary, { force: true });
      throw writeError(objectPath, error);
    }
  }

  override async copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata?: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    const source = this.getResourcePath(srcBucket, srcKey, 'object');
    const metadata =
      replacementMetadata ??
      (JSON.parse(
        await readFile(this.getResourcePath(srcBucket, srcKey, 'metadata.json'), 'utf8').catch(
          () => '{}',
        ),
      ) as Record<string, string>);
    if (source !== this.getResourcePath(destBucket, destKey, 'object')) {
      await this.putObject({
        bucket: destBucket,
        key: destKey,
        content: await readFile(source),
        metadata,
      });
    } else {
      await this.putMetadata(destBucket, destKey, metadata);
    }
    return this.getMetadata(destBucket, destKey);
  }
}
