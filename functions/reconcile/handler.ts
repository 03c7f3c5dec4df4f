// AWS Lambda entry of the Reconcile step: the run's batches in, the findings out. Originals
// to redo go to the optimizer's queue as S3 notifications.
import { z } from 'zod';
import { invalidatePaths, takenOffPaths } from '../../core/edge/edge-invalidation.ts';
import { sendToOptimizer } from '../../core/ingest/optimizer-queue.ts';
import { reconcileInputSchema } from '../../core/ingest/step-payloads.ts';
import { createCloudFrontClient, createSqsClient } from '../../core/platform/aws-clients.ts';
import { readEnvConfig } from '../../core/platform/env-config.ts';
import { type ColdStart, lambdaEntry } from '../../core/platform/lambda-entry.ts';
import {
  RECONCILE_LIMIT,
  type ReconcileDependencies,
  type ReconcileFindings,
  reconcile,
} from '../../core/reconcile/reconcile.ts';
import { httpUrlSchema } from '../../core/vocabulary/identifiers.ts';
import { reconcileDependencies } from './dependencies.ts';

const reconcileEnv = z.object({
  OPTIMIZER_QUEUE_URL: httpUrlSchema,
  /**
   * Originals younger than this are on their way through the optimizer (its queue's visibility
   * timeout times its receive count is an hour): they are left to it.
   */
  RECONCILE_GRACE_SECONDS: z.coerce.number().int().nonnegative().default(3600),
  /** Set only off AWS (tests): where SQS answers. */
  SQS_ENDPOINT: httpUrlSchema.optional(),
  /** The distribution that caches the variants: told to drop the images taken off. */
  DISTRIBUTION_ID: z.string().min(1).optional(),
  /** Set only off AWS (tests): where CloudFront's API answers. */
  CLOUDFRONT_ENDPOINT: httpUrlSchema.optional(),
});

function coldStart({ clients, config, logger }: ColdStart): {
  deps: ReconcileDependencies;
  graceMs: number;
} {
  const env = readEnvConfig(reconcileEnv, process.env);
  const sqs = createSqsClient(config.region, env.SQS_ENDPOINT);
  const redrive = (keys: string[]) =>
    sendToOptimizer(sqs, env.OPTIMIZER_QUEUE_URL, config.rawBucket, keys);
  const deps = reconcileDependencies(clients, config, redrive, logger);
  const distributionId = env.DISTRIBUTION_ID;
  if (distributionId) {
    const cloudfront = createCloudFrontClient(env.CLOUDFRONT_ENDPOINT);
    deps.forgetAtEdge = async (slugs) => {
      const id = await invalidatePaths(
        cloudfront,
        distributionId,
        takenOffPaths(slugs),
        `taken-off-${Date.now()}-${slugs.length}`,
      );
      logger.info('Asked CloudFront to drop the images taken off', {
        artists: slugs,
        invalidation: id,
      });
    };
  }
  return { deps, graceMs: env.RECONCILE_GRACE_SECONDS * 1000 };
}

/** Time kept back from the function's timeout to hand over and answer. */
const SAFETY_MS = 30_000;

export const handler = lambdaEntry(
  'reconcile',
  coldStart,
  async (state, event: unknown, { context }): Promise<ReconcileFindings> => {
    const { batches } = reconcileInputSchema.parse(event);
    const artists = batches.flat().map((artist) => artist.slug);
    // A random starting point: a run cut short by its deadline leaves other artists next time.
    const start = Math.floor(Math.random() * artists.length);
    return reconcile(state.deps, {
      artists: [...artists.slice(start), ...artists.slice(0, start)],
      graceMs: state.graceMs,
      limit: RECONCILE_LIMIT,
      ...(context && { deadline: Date.now() + context.getRemainingTimeInMillis() - SAFETY_MS }),
    });
  },
);
