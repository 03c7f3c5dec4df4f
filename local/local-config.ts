// Configuration of the local platform (npm start, ingest, artists), read once.
import { resolve } from 'node:path';
import { z } from 'zod';
import { readEnvConfig } from '../core/platform/env-config.ts';

const localEnv = z.object({
  DATA_DIR: z.string().min(1).default('.data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
});

export interface LocalConfig {
  /** Absolute; the stand-ins keep their data here across runs. */
  dataDir: string;
  port: number;
}

/**
 * @throws {ConfigurationError} naming each malformed variable.
 */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const parsed = readEnvConfig(localEnv, env);
  // npm runs scripts from the package root; a relative DATA_DIR means where the user typed it.
  return Object.freeze({
    dataDir: resolve(env.INIT_CWD ?? '.', parsed.DATA_DIR),
    port: parsed.PORT,
  });
}
