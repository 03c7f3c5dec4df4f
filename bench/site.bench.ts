// Benchmark of the artist page as a visitor gets it: Lighthouse (mobile and desktop presets)
// on `npm start`'s server, for an artist with a 24-image portfolio of real photos (the real
// studio sites' largest JPEGs: tattoos on skin, studio shots). One warm-up run first; then
// five runs, median and spread reported. Every variant the page asks for was stored at
// ingest, so the warm-up only fills the edge's cache.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import puppeteer from 'puppeteer-core';
import { ArtistRegistry } from '../core/artists/artists.ts';
import { ImageRecords } from '../core/images/image-records.ts';
import { startLocalSystem } from '../local/local-system.ts';
import { CHROME_BASE_ARGS, findChrome } from '../scraper/web/chrome.ts';
import { putOriginal } from '../test/support/originals.ts';
import { realSiteJpegs, realSitesDir } from '../test/support/real-sites.ts';
import { median } from './stats.ts';

const SLUG = 'photo-wall';
const RUNS = Number(process.env.BENCH_SITE_RUNS ?? 5);
const PHOTOS = 24;

/** The `count` largest JPEGs of the real studio sites, each a distinct photo. */
async function realPhotos(count: number): Promise<Buffer[]> {
  const files = (await realSiteJpegs())
    .map((path) => ({ path, size: statSync(path).size }))
    .sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
  const photos: Buffer[] = [];
  const seen = new Set<string>();
  for (const { path } of files) {
    if (photos.length === count) break;
    const bytes = await readFile(path);
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (seen.has(hash)) continue;
    seen.add(hash);
    photos.push(bytes);
  }
  if (photos.length < count) throw new Error(`Only ${photos.length} photos in ${realSitesDir()}`);
  return photos;
}

interface Measure {
  score: number;
  fcp: number;
  si: number;
  tbt: number;
  lcp: number;
  cls: number;
  bytes: number;
  requests: number;
}

/** What the first view fetched, and where the LCP's time went (BENCH_SITE_DETAILS=1). */
function printDetails(lhr: { audits: Record<string, { details?: unknown }> }) {
  const requests = (
    lhr.audits['network-requests']?.details as { items?: Record<string, unknown>[] }
  )?.items;
  for (const r of requests ?? []) {
    if (String(r.url).startsWith('data:')) continue; // the placeholders, drawn from the API's data
    console.log(
      `    ${String(r.resourceType).padEnd(10)} ${String(Math.round(Number(r.networkRequestTime))).padStart(6)}-${String(Math.round(Number(r.networkEndTime))).padStart(6)} ms ${String(Math.round(Number(r.transferSize) / 102.4) / 10).padStart(6)} KB ${String(r.priority).padEnd(8)} ${new URL(String(r.url)).pathname}`,
    );
  }
  for (const id of ['lcp-breakdown-insight', 'largest-contentful-paint-element']) {
    console.log(`    ${id}: ${String(JSON.stringify(lhr.audits[id]?.details)).slice(0, 1200)}`);
  }
}

export async function benchSite(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-site-'));
  const system = await startLocalSystem({ dataDir, port: 0, log: () => {} });
  const browser = await puppeteer.launch({
    executablePath: findChrome(process.env.CHROME_PATH),
    args: [...CHROME_BASE_ARGS, '--remote-debugging-port=0'],
  });
  try {
    await new ArtistRegistry(system.standIns.clients.dynamo, system.standIns.config.tableName).add({
      slug: SLUG,
      name: 'Photo Wall',
      city: 'Lisbon',
      websites: [],
      active: false,
    });
    const photos = await realPhotos(PHOTOS);
    for (const [n, bytes] of photos.entries()) {
      await putOriginal(system.standIns, SLUG, bytes, {
        source: 'website',
        caption: `Healed piece number ${n + 1}`,
        takenAt: new Date(Date.UTC(2026, 0, 1 + n)).toISOString(),
      });
    }
    await system.pipeline.drained();
    const shown = await new ImageRecords(
      system.standIns.clients.dynamo,
      system.standIns.config.tableName,
    ).listHashes(SLUG);
    const url = `${system.url}/artists/${SLUG}/`;
    const port = Number(new URL(browser.wsEndpoint()).port);
    console.log(
      `\nArtist page under Lighthouse (${url}, ${shown.length} real photos shown of ${PHOTOS}, median [min-max] of ${RUNS} runs after a warm-up)`,
    );
    const presets = [
      ['mobile', undefined],
      ['desktop', desktopConfig],
    ] as const;
    const only = process.env.BENCH_SITE_PRESETS?.split(',');
    for (const [preset, config] of presets.filter(([name]) => !only || only.includes(name))) {
      const run = async (): Promise<Measure> => {
        const result = await lighthouse(
          url,
          { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] },
          config,
        );
        const lhr = result?.lhr;
        if (!lhr) throw new Error('Lighthouse returned no report');
        const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
        if (process.env.BENCH_SITE_DETAILS) printDetails(lhr);
        return {
          score: (lhr.categories.performance?.score ?? 0) * 100,
          fcp: audit('first-contentful-paint'),
          si: audit('speed-index'),
          tbt: audit('total-blocking-time'),
          lcp: audit('largest-contentful-paint'),
          cls: audit('cumulative-layout-shift'),
          bytes: audit('total-byte-weight'),
          requests:
            (lhr.audits['network-requests']?.details as { items?: unknown[] } | undefined)?.items
              ?.length ?? 0,
        };
      };
      await run();
      const runs: Measure[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await run());
      const pick = (key: keyof Measure) => median(runs.map((r) => r[key]));
      const spread = (key: keyof Measure, format: (value: number) => string) => {
        const values = runs.map((r) => r[key]);
        return `${format(pick(key))} [${format(Math.min(...values))}-${format(Math.max(...values))}]`;
      };
      const ms = (value: number) => value.toFixed(0);
      console.log(
        `  ${preset.padEnd(8)} performance ${spread('score', ms)} (${runs.filter((r) => r.score === 100).length} of ${RUNS} at 100), ` +
          `FCP ${spread('fcp', ms)} ms, SI ${spread('si', ms)} ms, TBT ${spread('tbt', ms)} ms, ` +
          `LCP ${spread('lcp', ms)} ms, CLS ${spread('cls', (v) => v.toFixed(3))}, ` +
          `first view ${spread('bytes', (v) => (v / 1024).toFixed(0))} KB in ${pick('requests')} requests` +
          (preset === 'mobile'
            ? '  (targets: 100 in every run, LCP <= 1200 ms, CLS 0, <= 250 KB)'
            : ''),
      );
    }
  } finally {
    await browser.close();
    await system.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) await benchSite();
