// The whole system on one machine: the stand-ins (data kept under DATA_DIR), the optimizer on
// the raw bucket's events, the demo artists ingested on first run, the site built, and one
// origin serving the site, the API and the images.
import { join } from 'node:path';
import { seedDemo } from './demo/seed-demo.ts';
import { type ImagePipeline, startImagePipeline } from './image-pipeline.ts';
import { describeSummary } from './ingest-runner.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';
import { describeFindings, reconcileLocally } from './reconcile-runner.ts';
import { ensureSiteBuilt } from './site-build.ts';
import { type StandIns, startStandIns } from './stand-ins.ts';

/** In DATA_DIR: the demo was ingested (or not wanted); its absence makes the next start seed it. */
export const DEMO_MARKER = '.demo-seeded';

/** How long stopping waits for the optimizer to finish what it has started. */
const DRAIN_LIMIT_MS = 10_000;

export interface LocalSystemOptions {
  dataDir: string;
  /** 0 for a free port. */
  port: number;
  log: (line: string) => void;
}

export interface LocalSystem {
  url: string;
  standIns: StandIns;
  pipeline: ImagePipeline;
  server: LocalServer;
  /** Stops everything this started, in reverse order. */
  close(): Promise<void>;
}

export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  const { log } = options;
  log(`Starting the S3 and DynamoDB stand-ins (data in ${options.dataDir})`);
  const standIns = await startStandIns({ dataDir: options.dataDir });
  const pipeline = startImagePipeline(standIns);
  const stopAll = async () => {
    // Let the optimizer finish the originals it has (a bounded wait): an original left
    // unprocessed here would have no record until it is stored again.
    await Promise.race([
      pipeline.drained(),
      new Promise((resolve) => setTimeout(resolve, DRAIN_LIMIT_MS).unref()),
    ]);
    pipeline.stop();
    await standIns.stop();
  };
  try {
    // What a crash left half done (an original without its record) is finished first.
    const findings = await reconcileLocally(standIns, pipeline).then(describeFindings, (error) => {
      // The site still starts: it shows what can be read (a failing read answers 503).
      return `Could not reconcile the originals with their records: ${(error as Error).message}`;
    });
    if (findings) log(findings);
    const summary = await seedDemo(standIns, pipeline, join(options.dataDir, DEMO_MARKER), log);
    if (summary) log(`Demo ingested: ${describeSummary(summary)}`);
    const siteDir = await ensureSiteBuilt(log);
    const server = await startLocalServer({ standIns, siteDir, port: options.port, log });
    return {
      url: server.url,
      standIns,
      pipeline,
      server,
      close: async () => {
        await server.close();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
