// Reading and writing objects in S3 (or the stand-in) the way every function needs it.
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
}

/**
 * Every object under `prefix`, page after page. ListObjects (v1) with markers: s3rver signs
 * v2 continuation tokens with single DES, which OpenSSL 3 no longer has: a truncated v2
 * listing answers 500 there.
 */
export async function listObjects(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Marker: marker, MaxKeys: 1000 }),
    );
    for (const object of page.Contents ?? []) {
      if (!object.Key) continue;
      objects.push({
        key: object.Key,
        size: object.Size ?? 0,
        lastModified: object.LastModified ?? new Date(0),
      });
    }
    if (!page.IsTruncated || objects.length === 0) return objects;
    marker = page.NextMarker ?? objects.at(-1)?.key;
  }
}

/** S3 deletes at most 1,000 keys per DeleteObjects. */
const DELETE_LIMIT = 1000;

/** Deletes these keys (missing ones are no error). */
export async function deleteObjects(s3: S3Client, bucket: string, keys: string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += DELETE_LIMIT) {
    const { Errors } = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: {
          Objects: keys.slice(start, start + DELETE_LIMIT).map((Key) => ({ Key })),
          Quiet: true,
        },
      }),
    );
    const [first] = Errors ?? [];
    if (first) throw new Error(`Could not delete ${first.Key}: ${first.Code} ${first.Message}`);
  }
}

export type StoredObject =
  | { tooLarge: false; bytes: Uint8Array; metadata: Record<string, string> }
  | { tooLarge: true; size: number; metadata: Record<string, string> };

/**
 * The bytes and user metadata of an object, or undefined when there is no such object. An
 * object over `maxBytes` is not read: it comes back as `tooLarge`, with its size and metadata.
 */
export async function getObject(
  s3: S3Client,
  bucket: string,
  key: string,
  maxBytes: number,
): Promise<StoredObject | undefined> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const metadata = response.Metadata ?? {};
    const size = response.ContentLength ?? 0;
    if (size > maxBytes) {
      await response.Body?.transformToWebStream().cancel();
      return { tooLarge: true, size, metadata };
    }
    const bytes = (await response.Body?.transformToByteArray()) ?? new Uint8Array();
    return { tooLarge: false, bytes, metadata };
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** Stores a variant (or any public, immutable object) with its type and caching headers. */
export async function putObject(
  s3: S3Client,
  args: {
    bucket: string;
    key: string;
    body: Uint8Array;
    contentType: string;
    cacheControl: string;
  },
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: args.bucket,
      Key: args.key,
      Body: args.body,
      ContentType: args.contentType,
      CacheControl: args.cacheControl,
    }),
  );
}
