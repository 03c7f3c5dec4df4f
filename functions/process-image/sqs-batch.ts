// SQS messages carrying S3 notifications, processed with partial batch failures.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import PQueue from 'p-queue';
import { z } from 'zod';
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
 */
export async function processSqsBatch(
  deps: ProcessDependencies,
  event: SQSEvent,
  options: BatchOptions,
): Promise<SQSBatchResponse> {
  const queue = new PQueue({ concurrency: options.concurrency });
  const failures: string[] = [];
  await queue.addAll(
    event.Records.map((message) => async () => {
      try {
        for (const key of createdKeys(message.body)) {
          const outcome = await processRawObject(deps, key);
          options.onOutcome?.(outcome);
        }
      } catch (error) {
        deps.logger.error('Message failed; SQS will deliver it again', {
          messageId: message.messageId,
          error: error as Error,
        });
        failures.push(message.messageId);
      }
    }),
  );
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
