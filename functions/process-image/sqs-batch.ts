// SQS messages carrying S3 notifications, processed with partial batch failures.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import PQueue from 'p-queue';
import { z } from 'zod';
import { parseRawKey } from '../lib/object-keys.ts';
import {
  type ProcessDependencies,
  type ProcessOutcome,
  processRawObject,
} from './process-raw-object.ts';

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

/** Originals one invocation optimizes at once (each decodes on one libvips thread). */
export const OPTIMIZER_CONCURRENCY = 2;

export interface BatchOptions {
  /** Originals decoded at the same time; each uses one libvips thread and its pixels. */
  concurrency: number;
  onOutcome?: (outcome: ProcessOutcome) => void;
  /** Told of each message that failed, with why. */
  onFailure?: (messageId: string, error: unknown) => void;
}

/**
 * Processes every message; a message that fails (malformed body, or an S3 or DynamoDB error)
 * is reported in `batchItemFailures` so that SQS delivers it again and, after the queue's
 * receive limit, moves it to the dead-letter queue. Its neighbours are unaffected.
 *
 * Messages of one artist are processed one after the other, so that two copies of a photo in
 * the same batch (as a scrape of Instagram and the studio site yields) see each other's
 * perceptual hash; different artists are processed concurrently.
 */
export async function processSqsBatch(
  deps: ProcessDependencies,
  event: SQSEvent,
  options: BatchOptions,
): Promise<SQSBatchResponse> {
  const failures: string[] = [];
  const fail = (messageId: string, error: unknown) => {
    options.onFailure?.(messageId, error);
    deps.logger.error('Message failed; SQS will deliver it again', {
      messageId,
      error: error as Error,
    });
    failures.push(messageId);
  };
  const byArtist = new Map<string, { messageId: string; keys: string[] }[]>();
  for (const message of event.Records) {
    try {
      const keys = createdKeys(message.body);
      const artist = parseRawKey(keys[0] ?? '')?.slug ?? '';
      byArtist.set(artist, [
        ...(byArtist.get(artist) ?? []),
        { messageId: message.messageId, keys },
      ]);
    } catch (error) {
      fail(message.messageId, error);
    }
  }
  const queue = new PQueue({ concurrency: options.concurrency });
  await queue.addAll(
    [...byArtist.values()].map((messages) => async () => {
      for (const { messageId, keys } of messages) {
        try {
          for (const key of keys) {
            const outcome = await processRawObject(deps, key);
            options.onOutcome?.(outcome);
          }
        } catch (error) {
          fail(messageId, error);
        }
      }
    }),
  );
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}

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
