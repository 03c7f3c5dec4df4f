// One scrape of a real site of the corpus (real-sites.ts), as the product runs it, scored
// against the site's answer key. Shared by the real-site tests and the discovery benchmark.
import type { SourceHolding } from '../../core/sources/source-holdings.ts';
import { readScraperConfig } from '../../scraper/config.ts';
import { type ImageLine, type ScrapeReport, scrapeArtist } from '../../scraper/scrape-artist.ts';
import { createScraper } from '../../scraper/scraper-runtime.ts';
import { type SiteScore, scoreSite, startRealSite } from './real-sites.ts';

/** Chromium's own background requests (it tries Google hosts at start) stay on loopback. */
const CHROME_ARGS = '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1';

export interface RealSiteScrape {
  score: SiteScore;
  report: ScrapeReport;
  /** Which images the site's read says it holds, and whether that read was complete. */
  holdings: SourceHolding[];
  lines: ImageLine[];
  /** Every stored image as `host|path how-found`, sorted: two runs agree when these are equal. */
  kept: string[];
  seconds: number;
}

/**
 * Scrapes the real site `name` (politeness delay off, originals kept in memory) and scores it.
 */
export async function scrapeRealSite(name: string): Promise<RealSiteScrape> {
  const site = await startRealSite(name);
  const scraper = createScraper(
    readScraperConfig({
      SCRAPER_ALLOW_PRIVATE_HOSTS: site.hosts.join(','),
      SCRAPER_HOST_DELAY_MS: '0',
      CHROME_ARGS,
    }),
    { resolve: site.resolve },
  );
  try {
    const lines: ImageLine[] = [];
    const hashes = new Set<string>();
    const started = performance.now();
    const { report, holdings } = await scrapeArtist(
      { slug: name, websites: [site.startUrl] },
      {
        ...scraper.deps({
          knows: async () => undefined,
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
    const stored = lines.filter(
      (line): line is Extract<ImageLine, { location: string }> => line.status === 'stored',
    );
    return {
      score: scoreSite(
        site,
        stored.map((line) => line.url),
      ),
      report,
      holdings,
      lines,
      kept: stored
        .map((line) => `${site.key(line.url)} ${line.provenance.foundBy?.join(',') ?? ''}`)
        .sort(),
      seconds,
    };
  } finally {
    await scraper.close();
    await site.close();
  }
}
