// How the local commands that process images run: on the local data, with the image pipeline
// started, and stopped whatever happens. A signal stops the run where it is and closes the data
// (its lock released); what it left half done, the next run completes.
import { exitOnSignal } from '../scraper/exit-on-signal.ts';
import {
  type ImagePipeline,
  type ImagePipelineOptions,
  startImagePipeline,
} from './image-pipeline.ts';
import { readLocalConfig } from './local-config.ts';
import { type StandIns, startStandIns } from './stand-ins.ts';

export interface PipelineSession {
  standIns: StandIns;
  pipeline: ImagePipeline;
}

export interface PipelineSessionOptions {
  /** Default: DATA_DIR (readLocalConfig). */
  dataDir?: string;
  pipeline?: ImagePipelineOptions;
  /** What else the command holds open, closed last (e.g. its scraper's browser). */
  close?: () => Promise<void>;
}

/**
 * Runs `work` and returns its exit code; 2 when the data cannot be opened, 1 (with
 * "<label> failed: …" on stderr) when `work` throws.
 */
export async function withLocalPipeline(
  label: string,
  work: (session: PipelineSession) => Promise<number>,
  options: PipelineSessionOptions = {},
): Promise<number> {
  const close = options.close ?? (async () => {});
  let standIns: StandIns;
  try {
    standIns = await startStandIns({ dataDir: options.dataDir ?? readLocalConfig().dataDir });
  } catch (error) {
    process.stderr.write(`Cannot open the local data: ${(error as Error).message}\n`);
    await close();
    return 2;
  }
  const pipeline = startImagePipeline(standIns, options.pipeline);
  const stop = async () => {
    pipeline.stop();
    await close();
    await standIns.stop();
  };
  const stopListening = exitOnSignal(stop);
  try {
    return await work({ standIns, pipeline });
  } catch (error) {
    process.stderr.write(`${label} failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    stopListening();
    await stop();
  }
}
