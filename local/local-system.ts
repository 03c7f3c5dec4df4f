// The whole system on one machine: the stand-ins (data kept under DATA_DIR), the optimizer on
// the raw bucket's events, the demo artists ingested on first run, the site built, and one
// origin serving the site, the API and the images.
import { seedDemo } from './demo/seed-demo.ts';
import { type ImagePipeline, startImagePipeline } from './image-pipeline.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';
import { ensureSiteBuilt } from './site-build.ts';
import { type StandIns, startStandIns } from './stand-ins.ts';

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
    pipeline.stop();
    await standIns.stop();
  };
  try {
    const summary = await seedDemo(standIns, pipeline, log);
    if (summary) {
      log(
        `Demo ingested: ${summary.artists.done} artists, ${summary.images.new} new images, ` +
          `${summary.images.refused} refused`,
      );
    }
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
