// `npm run backfill -- [--artist <slug>]... [--aws]`: gives every shown image stored before
// AVIF was precomputed its AVIF rungs, through the optimizer (one decode of each original).
// Locally it waits for the work and reports what is left; with --aws it hands the images to
// the deployed optimizer's queue (OPTIMIZER_QUEUE_URL from `pulumi stack output
// optimizerQueueUrl`, and RAW_BUCKET, OPTIMIZED_BUCKET, TABLE_NAME, AWS_REGION). Safe to run
// again, and to stop: each run finds only what is still incomplete. Progress on stderr, one
// JSON line on stdout; exit code 2 for a usage error or data that cannot be opened.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ArtistRegistry } from '../core/artists/artists.ts';
import { ImageRecords } from '../core/images/image-records.ts';
import { sendToOptimizer } from '../core/ingest/optimizer-queue.ts';
import { objectCreatedMessage } from '../core/ingest/s3-notifications.ts';
import {
  type BackfillDependencies,
  backfill,
  incompleteImages,
} from '../core/operations/backfill.ts';
import { createAwsClients, createSqsClient } from '../core/platform/aws-clients.ts';
import { readFunctionsConfig } from '../core/platform/config.ts';
import { readEnvConfig } from '../core/platform/env-config.ts';
import { httpUrlSchema } from '../core/vocabulary/identifiers.ts';

import { withLocalPipeline } from '../local/pipeline-session.ts';

const USAGE = 'Usage: npm run backfill -- [--artist <slug>]... [--aws]';

const queueEnv = z.object({
  OPTIMIZER_QUEUE_URL: httpUrlSchema,
  /** Set only off AWS (tests): where SQS answers. */
  SQS_ENDPOINT: httpUrlSchema.optional(),
});

const say = (line: string) => process.stderr.write(`${line}\n`);

const progress: Pick<BackfillDependencies, 'onArtist' | 'onMalformed'> = {
  onArtist: (slug, incomplete) => {
    if (incomplete > 0) say(`${slug}: ${incomplete} images to complete`);
  },
  onMalformed: (key, problem) => say(`Skipped a malformed record ${key}: ${problem}`),
};

export async function main(argv: string[]): Promise<number> {
  let options: { artist?: string[]; aws: boolean };
  try {
    ({ values: options } = parseArgs({
      args: argv,
      options: {
        artist: { type: 'string', multiple: true },
        aws: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    say(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  return options.aws ? onAws(options.artist) : locally(options.artist);
}

async function locally(artists: string[] | undefined): Promise<number> {
  let completed = 0;
  let sent = 0;
  const onOutcome = (outcome: { status: string }) => {
    if (outcome.status !== 'completed') return;
    completed++;
    if (completed % 10 === 0 || completed === sent) say(`Completed ${completed}/${sent}`);
  };
  return withLocalPipeline(
    'Backfill',
    async ({ standIns, pipeline }) => {
      const { clients, config } = standIns;
      await pipeline.drained();
      const records = new ImageRecords(clients.dynamo, config.tableName);
      const slugs = artists ?? (await registered(clients.dynamo, config.tableName));
      const findings = await backfill(
        {
          records,
          send: async (keys) => {
            sent += keys.length;
            for (const key of keys)
              pipeline.queue.send(objectCreatedMessage(config.rawBucket, key));
          },
          ...progress,
        },
        slugs,
      );
      await pipeline.drained();
      let remaining = 0;
      for (const slug of slugs) remaining += (await incompleteImages(records, slug)).length;
      say(
        findings.sent === 0
          ? `Every shown image of ${findings.artists} artists has every precomputed format`
          : `Completed ${completed} of ${findings.sent} images` +
              (remaining > 0 ? `; ${remaining} still incomplete (see the warnings above)` : ''),
      );
      process.stdout.write(`${JSON.stringify({ ...findings, completed, remaining })}\n`);
      return remaining === 0 ? 0 : 1;
    },
    { pipeline: { onOutcome } },
  );
}

async function onAws(artists: string[] | undefined): Promise<number> {
  let setup: { config: ReturnType<typeof readFunctionsConfig>; queue: z.infer<typeof queueEnv> };
  try {
    setup = { config: readFunctionsConfig(), queue: readEnvConfig(queueEnv, process.env) };
  } catch (error) {
    say((error as Error).message);
    return 2;
  }
  const { config, queue } = setup;
  const clients = createAwsClients(config);
  const sqs = createSqsClient(config.region, queue.SQS_ENDPOINT);
  try {
    const slugs = artists ?? (await registered(clients.dynamo, config.tableName));
    const findings = await backfill(
      {
        records: new ImageRecords(clients.dynamo, config.tableName),
        send: (keys) => sendToOptimizer(sqs, queue.OPTIMIZER_QUEUE_URL, config.rawBucket, keys),
        ...progress,
      },
      slugs,
    );
    say(
      `Handed ${findings.sent} images of ${findings.artists} artists to the optimizer's queue; ` +
        'run again once it is drained: it finds only what is still incomplete',
    );
    process.stdout.write(`${JSON.stringify(findings)}\n`);
    return 0;
  } catch (error) {
    say(`Backfill failed: ${(error as Error).message}`);
    return 1;
  } finally {
    sqs.destroy();
    clients.s3.destroy();
    clients.dynamo.destroy();
  }
}

async function registered(
  dynamo: ConstructorParameters<typeof ArtistRegistry>[0],
  tableName: string,
): Promise<string[]> {
  return (await new ArtistRegistry(dynamo, tableName).list()).map((artist) => artist.slug);
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
