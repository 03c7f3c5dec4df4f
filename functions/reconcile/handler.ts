// AWS Lambda entry of the Reconcile step: the run's batches in, the findings out. Originals
// to redo go to the optimizer's queue as S3 notifications.
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { createAwsClients } from '../lib/aws-clients.ts';
import { readFunctionsConfig } from '../lib/config.ts';
import { readEnvConfig } from '../lib/env-config.ts';
import { httpUrlSchema } from '../lib/identifiers.ts';
import { createLogger } from '../lib/logger.ts';
import { objectCreatedMessage } from '../lib/s3-notifications.ts';
import { reconcileDependencies } from './dependencies.ts';
import {
  RECONCILE_LIMIT,
  type ReconcileDependencies,
  type ReconcileFindings,
  reconcile,
} from './reconcile.ts';

const reconcileEnv = z.object({
  OPTIMIZER_QUEUE_URL: httpUrlSchema,
  /**
   * Originals younger than this are on their way through the optimizer (its queue's visibility
   * timeout times its receive count is an hour): they are left to it.
   */
  RECONCILE_GRACE_SECONDS: z.coerce.number().int().nonnegative().default(3600),
  /** Set only off AWS (tests): where SQS answers. */
  SQS_ENDPOINT: httpUrlSchema.optional(),
});

const input = z.object({
  runId: z.string().min(1),
  batches: z.array(z.array(z.object({ slug: z.string() }).loose())),
});

/** SQS takes at most ten messages per SendMessageBatch. */
const SEND_LIMIT = 10;

let state: { deps: ReconcileDependencies; graceMs: number } | undefined;

function coldStart() {
  const config = readFunctionsConfig();
  const env = readEnvConfig(reconcileEnv, process.env);
  const sqs = new SQSClient({
    region: config.region,
    ...(env.SQS_ENDPOINT && { endpoint: env.SQS_ENDPOINT }),
  });
  const redrive = async (keys: string[]) => {
    for (let start = 0; start < keys.length; start += SEND_LIMIT) {
      const entries = keys.slice(start, start + SEND_LIMIT).map((key, index) => ({
        Id: String(index),
        MessageBody: objectCreatedMessage(config.rawBucket, key),
      }));
      const { Failed } = await sqs.send(
        new SendMessageBatchCommand({ QueueUrl: env.OPTIMIZER_QUEUE_URL, Entries: entries }),
      );
      const [first] = Failed ?? [];
      if (first) throw new Error(`SQS refused a redrive message: ${first.Code} ${first.Message}`);
    }
  };
  const deps = reconcileDependencies(
    createAwsClients(config),
    config,
    redrive,
    createLogger('reconcile'),
  );
  return { deps, graceMs: env.RECONCILE_GRACE_SECONDS * 1000 };
}

/** Time kept back from the function's timeout to hand over and answer. */
const SAFETY_MS = 30_000;

export async function handler(
  event: unknown,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<ReconcileFindings> {
  state ??= coldStart();
  const { batches } = input.parse(event);
  const artists = batches.flat().map((artist) => artist.slug);
  // A random starting point: a run cut short by its deadline leaves other artists next time.
  const start = Math.floor(Math.random() * artists.length);
  return reconcile(state.deps, {
    artists: [...artists.slice(start), ...artists.slice(0, start)],
    graceMs: state.graceMs,
    limit: RECONCILE_LIMIT,
    ...(context && { deadline: Date.now() + context.getRemainingTimeInMillis() - SAFETY_MS }),
  });
}
