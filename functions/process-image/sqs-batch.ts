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

const s3Notification = z.object({
  // S3 sends a test event without Records when a notification is first configured.
  Records: z
    .array(
      z.object({
        eventName: z.string(),
        s3: z.object({
          bucket: z.object({ name: z.string() }),
          object: z.object({ key: z.string() }),
        }),
      }),
    )
    .default([]),
});

export interface BatchOptions {
  /** Originals decoded at the same time; each uses one libvips thread and its pixels. */
  concurrency: number;
  onOutcome?: (outcome: ProcessOutcome) => void;
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
  const queue = new PQueue({ concurrency: options.concurrency });
  const perArtist = new Map<string, Promise<void>>();
  const failures: string[] = [];
  const fail = (messageId: string, error: unknown) => {
    deps.logger.error('Message failed; SQS will deliver it again', {
      messageId,
      error: error as Error,
    });
    failures.push(messageId);
  };
  const processMessage = async (messageId: string, keys: string[]) => {
    try {
      for (const key of keys) {
        const outcome = await processRawObject(deps, key);
        options.onOutcome?.(outcome);
      }
    } catch (error) {
      fail(messageId, error);
    }
  };
  const done = event.Records.map((message) => {
    let keys: string[];
    try {
      keys = createdKeys(message.body);
    } catch (error) {
      fail(message.messageId, error);
      return undefined;
    }
    const artist = parseRawKey(keys[0] ?? '')?.slug ?? '';
    const previous = perArtist.get(artist) ?? Promise.resolve();
    const next = previous.then(() => queue.add(() => processMessage(message.messageId, keys)));
    perArtist.set(artist, next);
    return next;
  });
  await Promise.all(done);
  // Report failures in the order of the batch, as SQS lists them.
  const order = new Map(event.Records.map((message, i) => [message.messageId, i]));
  failures.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
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
    // S3 URL-encodes keys in notifications, with '+' for spaces.
    (record) => decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')),
  );
}
