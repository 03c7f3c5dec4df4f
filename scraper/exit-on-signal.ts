// Long commands stop on SIGTERM or SIGINT (what `docker stop`, systemd and Ctrl-C send): say
// so, run the cleanup within a bound, and exit with the signal's code; a second signal exits
// at once. Without this, a library's own handler (puppeteer closes its Chromium on SIGTERM)
// keeps the process from exiting and the command goes on with no browser.
import { constants } from 'node:os';

/** How long the cleanup may take before the process exits anyway. */
const CLEANUP_BOUND_MS = 5_000;

/**
 * Exits on SIGTERM or SIGINT after `cleanup` (bounded); returns the function that stops
 * listening, for when the command ends by itself.
 */
export function exitOnSignal(cleanup: () => Promise<unknown>): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + (constants.signals[signal] ?? 15);
    if (stopping) process.exit(code);
    stopping = true;
    process.stderr.write(`Stopping (${signal})…\n`);
    const bound = new Promise((resolve) => setTimeout(resolve, CLEANUP_BOUND_MS).unref());
    void Promise.race([cleanup().catch(() => {}), bound]).then(() => process.exit(code));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
