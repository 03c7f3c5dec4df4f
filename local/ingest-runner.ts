// Runs the ingest state machine locally: the very definition Pulumi deploys, executed by
// aws-local-stepfunctions, its Lambda and ECS steps bound to the same code in-process, the
// optimizer running off the raw-object events as in AWS.
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { z } from 'zod';
import { ArtistRegistry } from '../core/artists/artists.ts';
import { ImageRecords } from '../core/images/image-records.ts';
import { parseRawKey } from '../core/images/object-keys.ts';
import {
  DEFAULT_INGEST_RETRY,
  ingestDefinition,
  SCRAPER_CONTAINER,
} from '../core/ingest/ingest-state-machine.ts';
import { planIngest } from '../core/ingest/plan-ingest.ts';
import { RunReports } from '../core/ingest/run-reports.ts';
import {
  planInputSchema,
  reconcileInputSchema,
  summarizeInputSchema,
} from '../core/ingest/step-payloads.ts';
import { type IngestSummary, summarizeIngest } from '../core/ingest/summarize-ingest.ts';
import { type BatchReport, batchSchema, runBatch } from '../scraper/batch.ts';
import type { Scraper } from '../scraper/scraper-runtime.ts';
import { RawStore } from '../scraper/storage/raw-store.ts';
import type { ImagePipeline } from './image-pipeline.ts';
import { reconcileLocally } from './reconcile-runner.ts';
import type { StandIns } from './stand-ins.ts';

/** Stand-in ARNs: the local runner binds these steps to local code by state name. */
const LOCAL = {
  region: 'us-east-1',
  account: '000000000000',
};

export interface IngestOptions {
  standIns: StandIns;
  pipeline: ImagePipeline;
  scraper: Scraper;
  /** Slugs to ingest; all active artists when empty. */
  artists?: string[];
  batchSize?: number;
  maxConcurrency?: number;
  /** Milliseconds between retries of a failed batch (the definition says seconds, with backoff). */
  retryIntervalMs?: number;
  /** Hears each artist's report as its batch ends. */
  onArtist?: (report: BatchReport, attempt: number) => void;
}

/**
 * The definition as the local runner executes it: stand-in ARNs, otherwise the deployed one
 * (its retry policy included; only the waits between retries are shortened, at run time).
 */
export function localIngestDefinition(batchSize: number, maxConcurrency: number) {
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${LOCAL.region}:${LOCAL.account}:${resource}`;
  return ingestDefinition({
    planFunctionArn: arn('lambda', 'function:plan-ingest'),
    reconcileFunctionArn: arn('lambda', 'function:reconcile'),
    summarizeFunctionArn: arn('lambda', 'function:summarize-ingest'),
    scraper: {
      clusterArn: arn('ecs', 'cluster/local'),
      taskDefinitionArn: arn('ecs', 'task-definition/scraper:1'),
      containerName: SCRAPER_CONTAINER,
      subnetIds: ['subnet-00000000'],
      securityGroupIds: ['sg-00000000'],
      assignPublicIp: false,
    },
    batchSize,
    maxConcurrency,
    retry: DEFAULT_INGEST_RETRY,
  });
}

/** Runs one ingest and returns its summary once the optimizer has caught up. */
export async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  const { clients, config } = options.standIns;
  const registry = new ArtistRegistry(clients.dynamo, config.tableName);
  const reports = new RunReports(clients.dynamo, config.tableName);
  const records = new ImageRecords(clients.dynamo, config.tableName);
  const store = new RawStore(clients.s3, clients.dynamo, config.rawBucket, config.tableName);
  const attempts = new Map<string, number>();
  const gaveUpBefore = options.pipeline.gaveUp.length;
  const runId = `local-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;

  const definition = localIngestDefinition(options.batchSize ?? 5, options.maxConcurrency ?? 2);
  const machine = new StateMachine(definition as never);
  const execution = machine.run({ artists: options.artists ?? [] } as never, {
    context: {
      Execution: {
        Id: `arn:aws:states:${LOCAL.region}:${LOCAL.account}:execution:ingest:${runId}`,
        Name: runId,
        StartTime: new Date().toISOString(),
      },
    } as never,
    overrides: {
      taskResourceLocalHandlers: {
        Plan: async (parameters) => {
          const { Payload } = z.object({ Payload: planInputSchema }).parse(parameters);
          return { Payload: await planIngest(registry, Payload) } as never;
        },
        Scrape: async (parameters) => {
          const environment =
            runTaskSchema.parse(parameters).Overrides.ContainerOverrides[0]?.Environment ?? [];
          const value = (name: string) =>
            environment.find((variable) => variable.Name === name)?.Value ?? '';
          const batch = batchSchema.parse(JSON.parse(value('SCRAPER_BATCH')));
          const key = batch.map((artist) => artist.slug).join(',');
          const attempt = (attempts.get(key) ?? 0) + 1;
          attempts.set(key, attempt);
          await runBatch(batch, options.scraper, store, async (report) => {
            await reports.put(value('INGEST_RUN_ID'), report);
            options.onArtist?.(report, attempt);
          });
          // Failed artists are in their reports; the task, like the container, succeeds.
          return { Tasks: [{ LastStatus: 'STOPPED', Containers: [{ ExitCode: 0 }] }] } as never;
        },
        Reconcile: async (parameters) => {
          const { Payload } = z.object({ Payload: reconcileInputSchema }).parse(parameters);
          const artists = Payload.batches.flat().map((artist) => artist.slug);
          return {
            Payload: await reconcileLocally(options.standIns, options.pipeline, artists),
          } as never;
        },
        Summarize: async (parameters) => {
          const { Payload } = z.object({ Payload: summarizeInputSchema }).parse(parameters);
          await options.pipeline.drained();
          const summary = await summarizeIngest(
            { reports, records, optimizerDrained: true },
            Payload,
          );
          // Here the optimizer runs in this process: what it gave up on is known, and final.
          const gaveUp = new Map(
            options.pipeline.gaveUp.slice(gaveUpBefore).map((g) => [g.key, g.reason]),
          );
          for (const [key, reason] of gaveUp) {
            summary.images.errored++;
            summary.errors.push({ artist: parseRawKey(key)?.slug ?? '', url: key, reason });
          }
          return { Payload: summary } as never;
        },
      },
      ...(options.retryIntervalMs !== undefined && {
        retryIntervalOverrides: { Scrape: options.retryIntervalMs },
      }),
    },
  });
  return (await execution.result) as unknown as IngestSummary;
}

/** What the Scrape state hands ECS RunTask that the runner reads: the container's environment. */
const runTaskSchema = z.object({
  Overrides: z.object({
    ContainerOverrides: z.array(
      z.object({
        Name: z.string(),
        Environment: z.array(z.object({ Name: z.string(), Value: z.string() })),
      }),
    ),
  }),
});

/** One line of progress for an artist's report. */
export function describeReport(report: BatchReport, attempt: number): string {
  const retry = attempt > 1 ? ` (attempt ${attempt})` : '';
  const problem =
    report.status === 'failed'
      ? ` FAILED: ${report.errors[0]?.reason ?? 'nothing found'}`
      : report.errored > 0
        ? `, ${report.errored} not kept because of an error (${report.errors.find((e) => e.reason)?.reason})`
        : '';
  return (
    `${report.artist}${retry}: ${report.pages} pages, ${report.found} images found, ${report.stored} stored, ` +
    `${report.duplicates} duplicates, ${report.refused} refused${problem}`
  );
}

/** The summary in a line: what the scraper stored and what a visitor now sees. */
export function describeSummary(summary: IngestSummary): string {
  const { artists, originals, images } = summary;
  const failed = artists.failed > 0 ? ` (${artists.failed} failed)` : '';
  const pending = summary.final
    ? ''
    : summary.pending === null
      ? ', not known how many are still being optimized'
      : `, ${summary.pending} still being optimized`;
  const errored = (count: number, what: string) =>
    count > 0 ? `, ${count} ${what} because of an error` : '';
  const firstError = summary.errors[0] ? `. First error: ${summary.errors[0].reason}` : '';
  return (
    `${artists.done} artists${failed}; originals: ${originals.stored} stored, ${originals.known} already stored, ` +
    `${originals.refused} refused${errored(originals.errored, 'not stored')}; ` +
    `images: ${images.published} published, ${images.folded} copies folded, ` +
    `${images.refused} refused by the optimizer${errored(images.errored, 'not optimized')}` +
    `${images.takenOff > 0 ? `, ${images.takenOff} taken off (gone at their source)` : ''}${pending}${firstError}`
  );
}
