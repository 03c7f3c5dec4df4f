// The embedded AWS stand-ins: S3 (s3rver) and DynamoDB (dynalite) on 127.0.0.1, provisioned
// from the shared bucket and table definitions.
import type { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { type AwsClients, createAwsClients } from '../core/platform/aws-clients.ts';
import {
  type FunctionsConfig,
  localFunctionsEnv,
  readFunctionsConfig,
} from '../core/platform/config.ts';
import { CrashSafeStore } from './crash-safe-store.ts';
import { DataDamagedError, inspectLevelDir } from './data-check.ts';
import { lockDataDir } from './data-lock.ts';
import { provision } from './provision.ts';

export interface StandInsOptions {
  /** Where the stand-ins keep their data; a temporary directory (removed on stop) when unset. */
  dataDir?: string;
  /** Ports to listen on; 0 (the default) picks free ones. */
  s3Port?: number;
  dynamodbPort?: number;
}

export interface StandIns {
  /** The environment that points the functions at these stand-ins. */
  env: Record<string, string>;
  config: FunctionsConfig;
  clients: AwsClients;
  /** Emits `event` with S3 notification records for every object written or deleted. */
  s3Events: EventEmitter;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Starts both stand-ins, creates the buckets and the table when missing, and returns what a
 * function needs to reach them.
 */
export async function startStandIns(options: StandInsOptions = {}): Promise<StandIns> {
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'portfolio-stand-ins-')));
  await mkdir(join(dataDir, 's3'), { recursive: true });
  await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
  // The stand-ins' files can be open in one process at a time (LevelDB locks its directory,
  // and fails later, and loudly, in a second one): say so up front.
  const unlock = await lockDataDir(dataDir);
  // dynalite would start on damaged files and fail later (or lose the table silently).
  const problems = await inspectLevelDir(join(dataDir, 'dynamodb')).catch(async (error) => {
    await unlock();
    throw error;
  });
  if (problems.length > 0) {
    await unlock();
    throw new DataDamagedError(problems);
  }

  const s3rver = new S3rver({
    address: HOST,
    port: options.s3Port ?? 0,
    directory: join(dataDir, 's3'),
    silent: true,
  });
  // Every write to a temporary name, renamed into place; write errors fail the request only.
  const store = new CrashSafeStore(join(dataDir, 's3'));
  const internals = s3rver as unknown as { store: unknown; context: { store: unknown } };
  internals.store = store;
  internals.context.store = store;
  let s3Address: AddressInfo;
  try {
    s3Address = (await s3rver.run()) as AddressInfo;
  } catch (error) {
    await unlock();
    throw error;
  }

  const dynamoServer: Server = dynalite({ path: join(dataDir, 'dynamodb'), createTableMs: 0 });
  try {
    await new Promise<void>((resolve, reject) => {
      dynamoServer.once('error', reject);
      dynamoServer.listen(options.dynamodbPort ?? 0, HOST, () => resolve());
    });
  } catch (error) {
    await s3rver.close();
    await unlock();
    throw error;
  }
  const dynamoAddress = dynamoServer.address() as AddressInfo;

  const env = localFunctionsEnv({
    s3: `http://${HOST}:${s3Address.port}`,
    dynamodb: `http://${HOST}:${dynamoAddress.port}`,
  });
  const config = readFunctionsConfig(env);
  const clients = createAwsClients(config);
  const stop = async () => {
    clients.s3.destroy();
    clients.dynamo.destroy();
    // s3rver keeps its http.Server in `httpServer` (not in its types); closing it directly
    // also drops kept-alive connections, which s3rver.close() would wait for.
    const s3Server = (s3rver as unknown as { httpServer: Server }).httpServer;
    try {
      await Promise.all([closeServer(s3Server), closeServer(dynamoServer)]);
    } finally {
      await unlock();
    }
    if (temporary) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await provision(clients, config);
  } catch (error) {
    await stop();
    throw error;
  }
  // s3rver is a Koa app, hence an EventEmitter, which its published types do not say.
  const s3Events = s3rver as unknown as EventEmitter;
  return { env, config, clients, s3Events, stop };
}

async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

export { DataInUseError } from './data-lock.ts';
