// Reading and writing objects in S3 (or the stand-in) the way every function needs it.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

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
