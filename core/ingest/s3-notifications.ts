// S3 object notifications as the raw bucket sends them to the optimizer's queue: their shape,
// read by the optimizer and written by the reconciler (which sends an original again).
import { z } from 'zod';

const s3Record = z.object({
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string() }),
  }),
});

const s3Notification = z.union([
  z.object({ Records: z.array(s3Record).min(1) }),
  // S3 sends this once when a notification is configured; it carries no object.
  z.object({ Event: z.literal('s3:TestEvent') }).transform(() => ({ Records: [] })),
]);

/**
 * The body of a message that hands the optimizer one original again, shaped as the S3
 * notification the raw bucket sends when an object is created (the key URL-encoded as S3 does).
 */
export function objectCreatedMessage(bucket: string, key: string): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        eventTime: new Date().toISOString(),
        s3: {
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeNotificationKey(key) },
        },
      },
    ],
  });
}

/** A key as S3 writes it in notifications: URL-encoded, '/' kept, '+' for spaces. */
export function encodeNotificationKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

/**
 * Keys of the objects created according to an SQS message body.
 * @throws {Error} when the body is not an S3 notification.
 */
export function createdKeys(body: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new Error('The message body is not JSON', { cause: error });
  }
  const parsed = s3Notification.safeParse(json);
  if (!parsed.success) {
    throw new Error(`The message body is not an S3 notification: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data.Records.filter((record) => record.eventName.startsWith('ObjectCreated:')).map(
    (record) => {
      // S3 URL-encodes keys in notifications, with '+' for spaces.
      try {
        return decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      } catch (error) {
        throw new Error(`The object key ${record.s3.object.key} is not URL-encoded`, {
          cause: error,
        });
      }
    },
  );
}
