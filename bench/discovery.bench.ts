// Benchmark of portfolio discovery on real studio websites (the fixtures' sites/, from the cache `npm run fixtures` fills): per site
// and pooled, recall of the expected portfolio (at all, and at full size), precision, pages,
// browser pages, time and peak memory, each site scraped twice (each run in its own process)
// and the two runs compared. Politeness delays are off: this measures what the scraper finds.
import { scrapeRealSite } from '../test/support/real-site-scrape.ts';
import { realSiteNames, type SiteScore } from '../test/support/real-sites.ts';
import { runChild } from './child-run.ts';
import { sampleTreeMemory } from './tree-memory.ts';

interface SiteRun {
  score: SiteScore;
  pages: number;
  browserPages: number;
  seconds: number;
  peakMb: number;
  /** Every kept image, with how it was found, sorted: two runs agree when these are equal. */
  kept: string[];
  refusedBy: Record<string, number>;
}

async function child(name: string): Promise<SiteRun> {
  const stop = sampleTreeMemory();
  const run = await scrapeRealSite(name);
  return {
    score: run.score,
    pages: run.report.pages,
    browserPages: run.report.browserPages,
    seconds: run.seconds,
    peakMb: stop(),
    kept: run.kept,
    refusedBy: run.report.refusedBy,
  };
}

const pct = (part: number, whole: number) =>
  whole === 0 ? '     -' : `${((part / whole) * 100).toFixed(1).padStart(5)}%`;

function row(label: string, runs: SiteRun[]): string {
  const sum = (pick: (r: SiteRun) => number) => runs.reduce((total, r) => total + pick(r), 0);
  const portfolio = sum((r) => r.score.portfolio);
  const pages = sum((r) => r.pages);
  const seconds = sum((r) => r.seconds);
  return [
    label.padEnd(12),
    `recall ${pct(
      sum((r) => r.score.found),
      portfolio,
    )}`,
    `full size ${pct(
      sum((r) => r.score.fullSize),
      portfolio,
    )} (${sum((r) => r.score.fullSize)}/${portfolio})`,
    `precision ${pct(
      sum((r) => r.score.keptPortfolio),
      sum((r) => r.score.kept),
    )} (${sum((r) => r.score.keptPortfolio)}/${sum((r) => r.score.kept)})`,
    `pages ${String(pages).padStart(3)}`,
    `browser ${String(sum((r) => r.browserPages)).padStart(3)}`,
    `${seconds.toFixed(1).padStart(5)} s`,
    `${((pages / seconds) * 60).toFixed(0).padStart(3)} pages/min`,
    `peak ${Math.max(...runs.map((r) => r.peakMb)).toFixed(0)} MB`,
  ].join('  ');
}

/** Runs the benchmark and prints its figures. */
export async function benchDiscovery(): Promise<void> {
  // DISCOVERY_SITES=a,b measures only those sites; DISCOVERY_RUNS=1 skips the second run.
  const only = process.env.DISCOVERY_SITES?.split(',').filter(Boolean);
  const names = realSiteNames().filter((name) => !only || only.includes(name));
  const labels = process.env.DISCOVERY_RUNS === '1' ? ['first run'] : ['first run', 'second run'];
  console.log(
    `\nPortfolio discovery on ${names.length} real studio websites (served on loopback):`,
  );
  const runs: SiteRun[][] = [[], []];
  for (const [index, label] of labels.entries()) {
    console.log(`  ${label}:`);
    for (const name of names) {
      const run = await runChild<SiteRun>(import.meta.url, name);
      runs[index]?.push(run);
      console.log(`    ${row(name, [run])}`);
      if (process.env.DISCOVERY_VERBOSE) {
        if (run.score.missed.length > 0)
          console.log(`      missed: ${run.score.missed.join(', ')}`);
        if (run.score.wrong.length > 0) console.log(`      wrong: ${run.score.wrong.join(', ')}`);
        console.log(`      refused: ${JSON.stringify(run.refusedBy)}`);
      }
    }
    console.log(`    ${row('pooled', runs[index] ?? [])}`);
  }
  const [first = [], second = []] = runs;
  if (labels.length < 2) return;
  const differing = names.filter(
    (_, i) => JSON.stringify(first[i]?.kept) !== JSON.stringify(second[i]?.kept),
  );
  console.log(
    differing.length === 0
      ? '  the two runs agree: the same images, found the same way, on every site'
      : `  the two runs differ on: ${differing.join(', ')}`,
  );
}

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(await child(process.argv[3] as string)));
}
