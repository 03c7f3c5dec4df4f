// Benchmark of the website scraper: pages per minute and peak memory (the whole process tree,
// Chromium included) crawling a 50-page fixture site, the plain path against the browser path.
// Politeness delays are off here: this measures the scraper's own cost.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readScraperConfig } from '../scraper/config.ts';
import { createScraper } from '../scraper/scraper-runtime.ts';
import { scrapeWebsite } from '../scraper/website/website-source.ts';
import { runChild } from './child-run.ts';
import { sampleTreeMemory } from './tree-memory.ts';

const PAGES = 50;

interface ScrapeResult {
  pages: number;
  images: number;
  seconds: number;
  peakMb: number;
}
const CHROME_ARGS = '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1';

/** A site of PAGES gallery pages, each with three photos and a link to the next page. */
async function startSite() {
  const server = createServer((req, res) => {
    const page = /^\/gallery\/(\d+)\/$/.exec(req.url ?? '')?.[1];
    if (req.url === '/robots.txt') return res.writeHead(200).end('User-agent: *\nAllow: /\n');
    if (!page) return res.writeHead(404).end();
    const n = Number(page);
    const images = [1, 2, 3]
      .map(
        (i) => `<img src="/photos/${n}-${i}.jpg" width="800" height="1000" alt="Piece ${n}.${i}">`,
      )
      .join('');
    const next = n < PAGES ? `<a href="/gallery/${n + 1}/">Next page</a>` : '';
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<!doctype html><html><body><header><img src="/logo.png" class="logo"></header>${images}${next}</body></html>`,
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

async function child(mode: 'auto' | 'browser') {
  const site = await startSite();
  const scraper = createScraper(
    readScraperConfig({
      SCRAPER_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
      SCRAPER_HOST_DELAY_MS: '0',
      SCRAPER_PAGE_BUDGET: String(PAGES),
      CHROME_ARGS,
    }),
  );
  const stop = sampleTreeMemory();
  const deps = scraper.deps({
    knows: async () => undefined,
    store: async () => ({ status: 'stored', location: '' }),
  });
  const started = performance.now();
  const result = await scrapeWebsite([`${site.origin}/gallery/1/`], {
    ...deps.website,
    fetch: deps.fetch,
    robots: deps.robots,
    mode,
  });
  const seconds = (performance.now() - started) / 1000;
  const peakMb = stop();
  await scraper.close();
  site.close();
  return { pages: result.pages.length, images: result.images.length, seconds, peakMb };
}

/** Runs the benchmark and prints its figures. */
export async function benchScrape(): Promise<void> {
  console.log(
    `\nWebsite scrape of a ${PAGES}-page fixture site (3 photos a page, politeness delay off):`,
  );
  const results: Record<string, ScrapeResult> = {};
  for (const [label, mode] of [
    ['plain path (HTTP + cheerio)', 'auto'],
    ['browser path (Chromium)', 'browser'],
  ] as const) {
    const r = await runChild<ScrapeResult>(import.meta.url, mode);
    results[mode] = r;
    console.log(
      `  ${label.padEnd(30)} ${r.pages} pages, ${r.images} images in ${r.seconds.toFixed(1)} s: ${((r.pages / r.seconds) * 60).toFixed(0)} pages/min, peak RSS ${r.peakMb.toFixed(0)} MB (process tree)`,
    );
  }
  const plain = results.auto;
  const browser = results.browser;
  if (plain && browser) {
    console.log(
      `  the plain path is ${(plain.pages / plain.seconds / (browser.pages / browser.seconds)).toFixed(1)}x faster and uses ${(browser.peakMb / plain.peakMb).toFixed(1)}x less memory`,
    );
  }
}

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(await child(process.argv[3] as 'auto' | 'browser')));
}
