// Benchmark of portfolio discovery on real studio websites (../shared/fixtures/sites): per site
// and pooled, recall of the expected portfolio (at all, and at full size), precision, pages,
// browser pages, time and peak memory, each site scraped twice (each run in its own process)
// and the two runs compared. Politeness delays are off: this measures what the scraper finds.
import { readScraperConfig } from '../scraper/config.ts';
import type { ImageLine } from '../scraper/scrape-artist.ts';
import { scrapeArtist } from '../scraper/scrape-artist.ts';
import { createScraper } from '../scraper/scraper-runtime.ts';
import {
  realSiteNames,
  type SiteScore,
  scoreSite,
  startRealSite,
} from '../test/support/real-sites.ts';
import { runChild } from './child-run.ts';
import { sampleTreeMemory } from './tree-memory.ts';

const CHROME_ARGS = '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1';

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
  const site = await startRealSite(name);
  const scraper = createScraper(
    readScraperConfig({
      SCRAPER_ALLOW_PRIVATE_HOSTS: site.hosts.join(','),
      SCRAPER_HOST_DELAY_MS: '0',
      CHROME_ARGS,
    }),
    { resolve: site.resolve },
  );
  const stop = sampleTreeMemory();
  const lines: ImageLine[] = [];
  const hashes = new Set<string>();
  const started = performance.now();
  const report = await scrapeArtist(
    { slug: name, websites: [site.startUrl] },
    {
      ...scraper.deps({
        knows: async () => false,
        store: async (image) => {
          const fresh = !hashes.has(image.sha256);
          hashes.add(image.sha256);
          return { status: fresh ? 'stored' : 'duplicate', location: image.sha256 };
        },
      }),
      onImage: (line) => lines.push(line),
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const peakMb = stop();
  await scraper.close();
  await site.close();
  const stored = lines.filter((line) => line.status === 'stored');
  return {
    score: scoreSite(
      site,
      stored.map((line) => line.url),
    ),
    pages: report.pages,
    browserPages: report.browserPages,
    seconds,
    peakMb,
    kept: stored
      .map(
        (line) =>
          `${site.key(line.url)} ${'provenance' in line ? (line.provenance.foundBy ?? '') : ''}`,
      )
      .sort(),
    refusedBy: report.refusedBy,
  };
}

const pct = (part: number, whole: number) =>
  whole === 0 ? '   -' : `${((part / whole) * 100).toFixed(0).padStart(3)}%`;

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
