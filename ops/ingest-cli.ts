// `npm run ingest -- [--artist <slug>]...`: runs the ingest state machine locally for all or
// some artists. Progress per artist on stderr, one JSON summary line on stdout; exit code 1
// when an artist failed or images could not be stored or optimized (the next run completes
// them), 2 for a usage or configuration error.
import { parseArgs } from 'node:util';
import { describeReport, describeSummary, runIngest } from '../local/ingest-runner.ts';
import { readLocalConfig } from '../local/local-config.ts';
import { withLocalPipeline } from '../local/pipeline-session.ts';
import { describeFindings, reconcileLocally } from '../local/reconcile-runner.ts';
import { takeScraperConfig } from '../scraper/config.ts';
import { createScraper } from '../scraper/scraper-runtime.ts';

const USAGE = 'Usage: npm run ingest -- [--artist <slug>]...';

async function main(argv: string[]): Promise<number> {
  let artists: string[];
  try {
    const { values } = parseArgs({
      args: argv,
      options: { artist: { type: 'string', multiple: true } },
    });
    artists = values.artist ?? [];
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let scraper: ReturnType<typeof createScraper>;
  let dataDir: string;
  try {
    dataDir = readLocalConfig().dataDir;
    scraper = createScraper(takeScraperConfig());
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  return withLocalPipeline(
    'Ingest',
    async ({ standIns, pipeline }) => {
      // What a crash left half done is finished before anything new begins.
      const findings = describeFindings(await reconcileLocally(standIns, pipeline));
      if (findings) process.stderr.write(`${findings}\n`);
      process.stderr.write(
        `Ingesting ${artists.length > 0 ? artists.join(', ') : 'every active artist'} (data in ${dataDir})\n`,
      );
      const summary = await runIngest({
        standIns,
        pipeline,
        scraper,
        artists,
        onArtist: (report, attempt) =>
          process.stderr.write(`  ${describeReport(report, attempt)}\n`),
      });
      process.stderr.write(`${describeSummary(summary)}\n`);
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      const incomplete =
        summary.artists.failed > 0 || summary.originals.errored > 0 || summary.images.errored > 0;
      return incomplete ? 1 : 0;
    },
    { dataDir, close: () => scraper.close() },
  );
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
