// Benchmark of the artist page as a visitor gets it: Lighthouse (mobile and desktop presets)
// on `npm start`'s server, for an artist with a 24-image portfolio. One warm-up run first, so
// the image variants are in the edge cache as they would be for any but the very first
// visitor; then three runs, medians reported.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import puppeteer from 'puppeteer-core';
import { ArtistRegistry } from '../functions/lib/artists.ts';
import { PAIR_SHEETS_FROM } from '../local/demo/flash.ts';
import { uploadFlash } from '../local/demo/upload-flash.ts';
import { startLocalSystem } from '../local/local-system.ts';
import { CHROME_BASE_ARGS, findChrome } from '../scraper/chrome.ts';
import { median } from './stats.ts';

const SLUG = 'flash-wall';
const RUNS = Number(process.env.BENCH_SITE_RUNS ?? 3);

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
      name: 'Flash Wall',
      city: 'Lisbon',
      websites: [],
      active: false,
    });
    await uploadFlash(
      system.standIns,
      SLUG,
      Array.from({ length: 24 }, (_, k) => PAIR_SHEETS_FROM + k),
    );
    await system.pipeline.drained();
    const url = `${system.url}/artists/${SLUG}/`;
    const port = Number(new URL(browser.wsEndpoint()).port);
    console.log(
      `\nArtist page under Lighthouse (${url}, 24 images, median of ${RUNS} runs after a warm-up)`,
    );
    for (const [preset, config] of [
      ['mobile', undefined],
      ['desktop', desktopConfig],
    ] as const) {
      const run = async (): Promise<Measure> => {
        const result = await lighthouse(
          url,
          { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] },
          config,
        );
        const lhr = result?.lhr;
        if (!lhr) throw new Error('Lighthouse returned no report');
        const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
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
      console.log(
        `  ${preset.padEnd(8)} performance ${pick('score').toFixed(0)}, FCP ${pick('fcp').toFixed(0)} ms, ` +
          `SI ${pick('si').toFixed(0)} ms, TBT ${pick('tbt').toFixed(0)} ms, LCP ${pick('lcp').toFixed(0)} ms, ` +
          `CLS ${pick('cls').toFixed(3)}, first view ${(pick('bytes') / 1024).toFixed(0)} KB in ${pick('requests')} requests` +
          `  (targets: 100, CLS 0, <= 350 KB)`,
      );
    }
  } finally {
    await browser.close();
    await system.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) await benchSite();
