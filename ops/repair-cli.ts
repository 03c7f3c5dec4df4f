// `npm run repair`: rebuilds what can be rebuilt of a damaged DATA_DIR (see repair.ts), with
// `npm start` and the other commands stopped. Progress on stderr, the report as one JSON line
// on stdout; exit code 1 when damage is left, 2 when the data cannot be opened.
import type { ConfigurationError } from '../core/platform/env-config.ts';
import { readLocalConfig } from '../local/local-config.ts';
import { repairDataDir } from '../local/repair.ts';

async function main(): Promise<number> {
  let dataDir: string;
  try {
    dataDir = readLocalConfig().dataDir;
  } catch (error) {
    process.stderr.write(`${(error as ConfigurationError).message}\n`);
    return 2;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    log(`Repairing ${dataDir}`);
    const report = await repairDataDir(dataDir, log);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    if (report.table.after.length > 0) return 1;
    log(
      report.backup
        ? `Done; the damaged files are kept in ${report.backup}. The next npm start or ingest reconciles what was lost.`
        : 'Nothing needed repair.',
    );
    return 0;
  } catch (error) {
    log(`Cannot repair ${dataDir}: ${(error as Error).message}`);
    return 2;
  }
}

process.exitCode = await main();
