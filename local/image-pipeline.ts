// The optimizer running locally: raw-object events from the S3 stand-in drive the very handler
// core that runs in Lambda, through the local queue.

import { RAW_PREFIX } from '../core/images/object-keys.ts';
import { createdKeys } from '../core/ingest/s3-notifications.ts';
import type { ProcessOutcome } from '../core/optimizer/process-raw-object.ts';
import { OPTIMIZER_CONCURRENCY, processSqsBatch } from '../core/optimizer/sqs-batch.ts';
import { type Logger, silentLogger } from '../core/platform/logger.ts';
import { processDependencies } from '../functions/process-image/dependencies.ts';
import { ObjectEventQueue } from './object-event-queue.ts';
import type { StandIns } from './stand-ins.ts';

export interface ImagePipelineOptions {
  logger?: Logger;
  now?: () => Date;
  redeliveryDelayMs?: number;
  onOutcome?: (outcome: ProcessOutcome) => void;
}

/** An original the optimizer gave up on after the queue's deliveries, with the last error. */
export interface GaveUp {
  key: string;
  reason: string;
}

export interface ImagePipeline {
  queue: ObjectEventQueue;
  /** Every original given up on since the pipeline started, oldest first. */
  gaveUp: GaveUp[];
  /** Resolves when every raw object created so far has been processed (or dead-lettered). */
  drained(): Promise<void>;
  stop(): void;
}

/** Subscribes the optimizer to the S3 stand-in's raw-object events. */
export function startImagePipeline(
  standIns: StandIns,
  options: ImagePipelineOptions = {},
): ImagePipeline {
  const { config, clients } = standIns;
  const logger = options.logger ?? silentLogger();
  const deps = processDependencies(clients, config, {
    logger,
    ...(options.now && { now: options.now }),
  });
  const lastError = new Map<string, string>();
  const gaveUp: GaveUp[] = [];
  const queue = new ObjectEventQueue({
    bucket: config.rawBucket,
    prefix: RAW_PREFIX,
    handler: (event) =>
      processSqsBatch(deps, event, {
        concurrency: OPTIMIZER_CONCURRENCY,
        ...(options.onOutcome && { onOutcome: options.onOutcome }),
        onFailure: (messageId, error) => lastError.set(messageId, (error as Error).message),
      }),
    ...(options.redeliveryDelayMs !== undefined && {
      redeliveryDelayMs: options.redeliveryDelayMs,
    }),
    onDeadLetter: (record) => {
      const reason = lastError.get(record.messageId) ?? 'the optimizer failed';
      lastError.delete(record.messageId);
      for (const key of safeKeys(record.body)) gaveUp.push({ key, reason });
      logger.error('Message dead-lettered after repeated failures', {
        messageId: record.messageId,
        body: record.body,
        reason,
      });
    },
    onInvocationError: (error) =>
      logger.error('Optimizer invocation failed', { error: error as Error }),
  });
  standIns.s3Events.on('event', queue.onS3Event);
  return {
    queue,
    gaveUp,
    drained: () => queue.drained(),
    stop: () => {
      standIns.s3Events.off('event', queue.onS3Event);
      queue.close();
    },
  };
}

function safeKeys(body: string): string[] {
  try {
    return createdKeys(body);
  } catch {
    return ['(a message that is not an S3 notification)'];
  }
}
