// The scraper container's entry: the batch of artists comes as JSON in SCRAPER_BATCH (the state
// machine's container override) or as the first argument; one JSON report line per artist on
// stdout (and in the run's reports when INGEST_RUN_ID is set). An artist that failed is in its
// report, and the task still succeeds: only a crash (non-zero exit, which the state machine
// retries) fails it. Exit code 2 for a bad batch or configuration.

import { RunReports } from '../core/ingest/run-reports.ts';
import { createAwsClients } from '../core/platform/aws-clients.ts';
import { readFunctionsConfig } from '../core/platform/config.ts';
import { batchSchema, runBatch } from './batch.ts';
import { takeScraperConfig } from './config.ts';
import { createScraper } from './scraper-runtime.ts';
import { RawStore } from './storage/raw-store.ts';

async function main(): Promise<number> {
  const raw = process.env.SCRAPER_BATCH ?? process.argv[2];
  if (!raw) {
    process.stderr.write('No batch: set SCRAPER_BATCH to a JSON array of artists\n');
    return 2;
  }
  let batch: ReturnType<typeof batchSchema.parse>;
  try {
    batch = batchSchema.parse(JSON.parse(raw));
  } catch (error) {
    process.stderr.write(`The batch is not valid: ${(error as Error).message}\n`);
    return 2;
  }
  let scraper: ReturnType<typeof createScraper>;
  let store: RawStore;
  let runReports: RunReports;
  try {
    const functions = readFunctionsConfig();
    const clients = createAwsClients(functions);
    store = new RawStore(clients.s3, clients.dynamo, functions.rawBucket, functions.tableName);
    runReports = new RunReports(clients.dynamo, functions.tableName);
    scraper = createScraper(takeScraperConfig());
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  try {
    const runId = process.env.INGEST_RUN_ID;
    const reports = await runBatch(batch, scraper, store, async (report) => {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      if (runId) await runReports.put(runId, report);
    });
    // A failed artist is reported, not retried with its whole batch: the next run tries it.
    process.stderr.write(
      `${reports.filter((report) => report.status === 'failed').length} of ${reports.length} artists failed\n`,
    );
    return 0;
  } finally {
    await scraper.close();
  }
}

if (import.meta.main) {
  process.exitCode = await main();
}
