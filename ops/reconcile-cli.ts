// `npm run reconcile -- [--artist <slug>]...`: makes the local records agree with the
// originals (`ingest` and `npm start` do it before they begin). Findings as one JSON line on
// stdout, a sentence on stderr; exit code 2 for a usage error or data that cannot be opened.
import { parseArgs } from 'node:util';
import { withLocalPipeline } from '../local/pipeline-session.ts';
import { describeFindings, reconcileLocally } from '../local/reconcile-runner.ts';

const USAGE = 'Usage: npm run reconcile -- [--artist <slug>]...';

export async function main(argv: string[]): Promise<number> {
  let artists: string[] | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { artist: { type: 'string', multiple: true } },
    });
    artists = values.artist;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  return withLocalPipeline('Reconcile', async ({ standIns, pipeline }) => {
    const findings = await reconcileLocally(standIns, pipeline, artists);
    process.stderr.write(
      `${describeFindings(findings) ?? `Reconciled ${findings.artists} artists: originals and records agree`}\n`,
    );
    process.stdout.write(`${JSON.stringify(findings)}\n`);
    return 0;
  });
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
