// Hands originals to the deployed optimizer again: each as the S3 notification its queue
// receives when an original is stored (the reconciler's redrive, the backfill).
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { objectCreatedMessage } from './s3-notifications.ts';

/**
 * Deliveries of one message before it goes to the optimizer's dead-letter queue
 * (`maxReceiveCount`): the deployed queue's, and the local queue's.
 */
export const MAX_RECEIVE_COUNT = 5;

/** SQS takes at most ten messages per SendMessageBatch. */
const SEND_LIMIT = 10;

/**
 * Sends one message per raw key to the optimizer's queue.
 * @throws {Error} naming SQS's reason when it refuses a message.
 */
export async function sendToOptimizer(
  sqs: SQSClient,
  queueUrl: string,
  rawBucket: string,
  keys: readonly string[],
): Promise<void> {
  for (let start = 0; start < keys.length; start += SEND_LIMIT) {
    const entries = keys.slice(start, start + SEND_LIMIT).map((key, index) => ({
      Id: String(index),
      MessageBody: objectCreatedMessage(rawBucket, key),
    }));
    const { Failed } = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
    );
    const [first] = Failed ?? [];
    if (first) throw new Error(`SQS refused a message: ${first.Code} ${first.Message}`);
  }
}
