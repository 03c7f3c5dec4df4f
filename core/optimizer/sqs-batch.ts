// SQS messages carrying S3 notifications, processed with partial batch failures.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import PQueue from 'p-queue';
import { parseRawKey } from '../images/object-keys.ts';
import { createdKeys } from '../ingest/s3-notifications.ts';
import {
  type ProcessDependencies,
  type ProcessOutcome,
  processRawObject,
} from './process-raw-object.ts';

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
