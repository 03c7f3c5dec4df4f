// `npm start`: the whole system on this machine at http://127.0.0.1:4321 (PORT), data under
// DATA_DIR (default .data). Ctrl-C stops everything it started.
import { ConfigurationError } from '../core/platform/env-config.ts';
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
  // Ctrl-C while starting (the first run takes a while) stops once startup is done, so the
  // data stays whole; a second Ctrl-C leaves at once (an interrupted first run seeds the demo
  // again next time).
  let stopRequested = false;
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const onSignal = () => {
    if (stopRequested) process.exit(130);
    stopRequested = true;
    log('Stopping…');
    stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
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
  if (!stopRequested) {
    log(`\nPortfolio running at ${system.url}  (API: ${system.url}/api/artists)\nCtrl-C stops it.`);
  }
  await stopped;
  await system.close();
  return 0;
}

process.exitCode = await main();
