// Crawls an artist's website for portfolio images, stage by stage. Pages come from the start
// URL, the site's sitemaps and the links a visitor sees, all within the artist's scope
// (frontier.ts, links.ts). Each page is read plain first (plain-read.ts) and again in Chromium
// (browser-read.ts, behind browser-guards.ts) when the plain HTML cannot show what a visitor
// sees: no photo, or scripts that write the page. Both paths read a page with one step
// (page-read.ts). What is portfolio, and what is site chrome, is decided at the end, over every
// page read (portfolio-decision.ts). Every URL passes robots.txt; every connection passes the
// SSRF guard.
import { readInBrowser } from './browser-read.ts';
import { extractCandidates } from './candidates.ts';
import type { Failed } from './crawlee-options.ts';
import { CrawlFrontier } from './frontier.ts';
import { needsBrowser, type PageRead, readPage } from './page-read.ts';
import { readPlain, readReference } from './plain-read.ts';
import { decidePortfolio } from './portfolio-decision.ts';
import { sitemapPages } from './sitemaps.ts';
import type { WebsiteOptions, WebsiteResult } from './website-types.ts';

export type {
  LeftOutCode,
  WebsiteImage,
  WebsiteOptions,
  WebsitePage,
  WebsiteResult,
} from './website-types.ts';

/** Scrapes the portfolio images of the sites at `startUrls`. */
export async function scrapeWebsite(
  startUrls: string[],
  options: WebsiteOptions,
): Promise<WebsiteResult> {
  const result: WebsiteResult = {
    pages: [],
    images: [],
    leftOut: [],
    chrome: [],
    skipped: [],
    errors: [],
    pagesFound: [],
    truncated: false,
    cutShort: [],
  };
  const frontier = new CrawlFrontier(startUrls, options, result.skipped);
  const { scope, plainQueue, browserQueue } = frontier;
  const reads: PageRead[] = [];
  const failed: Failed = ({ request }, error) => {
    result.errors.push({ url: request.url, reason: error.message });
  };

  await frontier.enqueue(startUrls);
  // The sitemaps list the gallery pages a script-written menu hides: portfolio-looking first.
  for (const origin of new Set(startUrls.map((url) => new URL(url).origin))) {
    const sitemap = await sitemapPages(origin, options).catch(() => ({ urls: [], errors: [] }));
    result.errors.push(...sitemap.errors);
    // At most half the budget: the links a visitor sees keep room for themselves.
    const inScope = portfolioFirst(sitemap.urls.filter((url) => scope.includes(url)));
    const room = Math.max(1, Math.floor(options.pageBudget / 2));
    for (const url of inScope) frontier.know(url);
    await frontier.enqueue(inScope.slice(0, room));
  }

  /** The plain read of each page sent to the browser: what is kept if the browser fails it. */
  const plainReads = new Map<string, PageRead>();
  /** Reads a plainly fetched page; returns the links the running crawl should follow. */
  const visitPlain = async (html: string, url: string, requested: string): Promise<string[]> => {
    if (!frontier.arrive(url, requested, html)) return [];
    const page = readPage(url, [{ html }]);
    const read = { url, candidates: page.candidates };
    const why =
      options.mode === 'browser' ? 'browser mode' : page.$ && needsBrowser(page.$, page.candidates);
    if (why) {
      browserQueue.push({ url, why });
      plainReads.set(url, read);
    } else {
      reads.push(read);
      result.pages.push({ url, via: 'http', images: 0 });
    }
    return frontier.admitted(page.links);
  };

  // Rounds: the plain path reads what is queued, the browser what it could not; links the
  // browser finds go back to the plain path.
  while (plainQueue.length > 0 || browserQueue.length > 0) {
    if (plainQueue.length > 0) {
      const urls = plainQueue.splice(0);
      if (options.mode === 'browser')
        for (const url of urls) browserQueue.push({ url, why: 'browser mode' });
      else await readPlain(urls, options, frontier.delayMs, visitPlain, failed);
    }
    if (browserQueue.length > 0) {
      const pages = browserQueue.splice(0);
      const rendered = new Set<string>();
      await readInBrowser(
        pages,
        options,
        frontier.delayMs,
        failed,
        result,
        (url) => scope.includes(url),
        async (url, why, snapshots, data) => {
          const page = readPage(url, snapshots, data);
          rendered.add(url);
          reads.push({ url, candidates: page.candidates });
          result.pages.push({ url, via: 'browser', images: 0, escalated: why });
          // In browser mode the running browser crawl follows them; else the plain path first.
          if (options.mode === 'browser') return frontier.admitted(page.links);
          await frontier.enqueue(page.links);
          return [];
        },
      ).catch((error: Error) => {
        // Chromium would not start or the browser crawl broke: the plain reads still count.
        result.errors.push({
          url: pages[0]?.url ?? '',
          reason: `Reading pages in Chromium failed: ${error.message}`,
        });
      });
      // A page the browser could not read keeps what its plain HTML showed.
      for (const { url } of pages) {
        const plain = plainReads.get(url);
        if (rendered.has(url) || !plain) continue;
        reads.push(plain);
        result.pages.push({ url, via: 'http', images: 0 });
      }
    }
  }

  // An artist's page on a studio's site: the studio's front page says what its chrome is.
  const references: PageRead[] = [];
  for (const home of scope.homes()) {
    if (frontier.hasSeen(home) || !(await options.robots.check(home)).allowed) continue;
    const html = await readReference(home, options).catch(() => undefined);
    if (html)
      references.push({
        url: home,
        candidates: extractCandidates(html, home).filter((c) => c.chrome),
      });
  }
  decidePortfolio(reads, references, result);
  result.pagesFound = frontier.pagesFound();
  result.truncated = frontier.truncated(result.pagesFound);
  return result;
}

/** Gallery-looking URLs first, the rest after, each group in its order. */
function portfolioFirst(urls: string[]): string[] {
  const likely = /galler|portfolio|work|artist|tattoo|flash|project|healed|photo/i;
  const looks = (url: string) => likely.test(new URL(url).pathname);
  return [...urls.filter(looks), ...urls.filter((url) => !looks(url))];
}
