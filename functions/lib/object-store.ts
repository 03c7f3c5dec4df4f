// Reading and writing objects in S3 (or the stand-in) the way every function needs it.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { RefusedInputError } from './errors.ts';

export interface StoredObject {
  bytes: Uint8Array;
  metadata: Record<string, string>;
}

/**
 * The bytes and user metadata of an object, or undefined when there is no such object.
 * @throws {RefusedInputError} `file-too-large` when the object is over `maxBytes` (not read).
 */
export async function getObject(
  s3: S3Client,
  bucket: string,
  key: string,
  maxBytes: number,
): Promise<StoredObject | undefined> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if ((response.ContentLength ?? 0) > maxBytes) {
      await response.Body?.transformToWebStream().cancel();
      throw new RefusedInputError(
        'file-too-large',
        `The file is ${response.ContentLength} bytes; the limit is ${maxBytes} bytes`,
      );
    }
    const bytes = (await response.Body?.transformToByteArray()) ?? new Uint8Array();
    return { bytes, metadata: response.Metadata ?? {} };
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
