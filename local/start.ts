// `npm start`: the whole system on this machine at http://127.0.0.1:4321 (PORT), data under
// DATA_DIR (default .data). Ctrl-C stops everything it started.
import { ConfigurationError } from '../functions/lib/env-config.ts';
import { readLocalConfig } from './local-config.ts';
import { startLocalSystem } from './local-system.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  let config: ReturnType<typeof readLocalConfig>;
  try {
    config = readLocalConfig();
  } catch (error) {
    log(error instanceof ConfigurationError ? error.message : String(error));
    return 2;
  }
  let system: Awaited<ReturnType<typeof startLocalSystem>>;
  try {
    system = await startLocalSystem({ ...config, log });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    log(
      code === 'EADDRINUSE'
        ? `Port ${config.port} is in use: stop what uses it, or set PORT to another port`
        : `Could not start: ${(error as Error).message}`,
    );
    return 1;
  }
  log(`\nPortfolio running at ${system.url}  (API: ${system.url}/api/artists)\nCtrl-C stops it.`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log('Stopping…');
  await system.close();
  return 0;
}

process.exitCode = await main();
