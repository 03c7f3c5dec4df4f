// The local stand-in for "S3 notification → SQS → Lambda": object events become SQS messages,
// delivered in batches to the same handler, redelivered on partial failure, dead-lettered after
// the receive limit, as the queue in AWS does.
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import PQueue from 'p-queue';
import { MAX_RECEIVE_COUNT } from '../core/ingest/optimizer-queue.ts';
import { encodeNotificationKey } from '../core/ingest/s3-notifications.ts';

export interface S3EventRecord {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string } };
}

export interface ObjectEventQueueOptions {
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
  /** Only object-created events of this bucket under this prefix are queued (the notification filter). */
  bucket: string;
  prefix: string;
  /** Messages per invocation (SQS event source `BatchSize`). */
  batchSize?: number;
  /** Deliveries before a message goes to the dead-letter queue (`maxReceiveCount`). */
  maxReceiveCount?: number;
  /** Wait before a failed message is delivered again (the visibility timeout). */
  redeliveryDelayMs?: number;
  /** Called when the handler itself throws: every message of the batch is then redelivered. */
  onInvocationError?: (error: unknown) => void;
  /** Called when a message moves to the dead-letter queue. */
  onDeadLetter?: (record: SQSRecord) => void;
}

interface Message {
  record: SQSRecord;
  receiveCount: number;
}

export class ObjectEventQueue {
  /** Messages that failed `maxReceiveCount` times, as a dead-letter queue keeps them. */
  readonly deadLetters: SQSRecord[] = [];
  private readonly waiting: Message[] = [];
  private readonly invocations = new PQueue({ concurrency: 1 });
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private readonly batchSize: number;
  private readonly maxReceiveCount: number;
  private readonly redeliveryDelayMs: number;

  constructor(private readonly options: ObjectEventQueueOptions) {
    this.batchSize = options.batchSize ?? 10;
    this.maxReceiveCount = options.maxReceiveCount ?? MAX_RECEIVE_COUNT;
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? 1000;
  }

  /** Takes one S3 notification (as s3rver's `event` emits it) and queues what passes the filter. */
  readonly onS3Event = (notification: { Records: S3EventRecord[] }): void => {
    for (const record of notification.Records) {
      const { bucket, object } = record.s3;
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      if (bucket.name !== this.options.bucket || !object.key.startsWith(this.options.prefix))
        continue;
      // S3 URL-encodes the key in notifications (spaces as '+'); s3rver does not, so do it here.
      const encodedKey = encodeNotificationKey(object.key);
      const body = JSON.stringify({
        Records: [{ ...record, s3: { ...record.s3, object: { ...object, key: encodedKey } } }],
      });
      this.send(body);
    }
  };

  /** Queues a message with this body, as `SendMessage` would. */
  send(body: string): void {
    if (this.closed) return;
    this.waiting.push({ record: sqsRecord(body, this.options.bucket), receiveCount: 0 });
    this.schedule();
  }

  /** Resolves when every message was delivered and none waits for redelivery. */
  async drained(): Promise<void> {
    while (
      this.waiting.length > 0 ||
      this.timers.size > 0 ||
      this.invocations.size > 0 ||
      this.invocations.pending > 0
    ) {
      await this.invocations.onIdle();
      if (this.timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Stops redeliveries; messages not yet delivered are dropped. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting.length = 0;
    this.invocations.clear();
  }

  private schedule(): void {
    void this.invocations.add(() => this.deliver());
  }

  private async deliver(): Promise<void> {
    const batch = this.waiting.splice(0, this.batchSize);
    if (batch.length === 0) return;
    for (const message of batch) {
      message.receiveCount++;
      message.record.attributes.ApproximateReceiveCount = String(message.receiveCount);
    }
    let failed: Set<string>;
    try {
      const response = await this.options.handler({ Records: batch.map((m) => m.record) });
      failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch (error) {
      this.options.onInvocationError?.(error);
      failed = new Set(batch.map((m) => m.record.messageId));
    }
    for (const message of batch) {
      if (this.closed || !failed.has(message.record.messageId)) continue;
      if (message.receiveCount >= this.maxReceiveCount) {
        this.deadLetters.push(message.record);
        this.options.onDeadLetter?.(message.record);
        continue;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.waiting.push(message);
        this.schedule();
      }, this.redeliveryDelayMs);
      this.timers.add(timer);
    }
    if (this.waiting.length > 0 && !this.closed) this.schedule();
  }
}

function sqsRecord(body: string, bucket: string): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body,
    attributes: {
      ApproximateReceiveCount: '0',
      SentTimestamp: now,
      SenderId: 'AIDAS3NOTIFICATIONS',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${bucket}-events`,
    awsRegion: 'us-east-1',
  };
}
