// Crawls a studio's website for portfolio images: plain HTTP first (Crawlee's queue, retries
// and per-domain delay around our guarded fetch), and a real Chromium (PuppeteerCrawler) for
// pages whose plain HTML shows no photo: script-rendered galleries, lazy loading, infinite
// scroll. Every URL passes robots.txt; every connection passes the SSRF guard.
import { promisify } from 'node:util';
import { BasicCrawler, Configuration, log } from '@crawlee/basic';
import { PuppeteerCrawler } from '@crawlee/puppeteer';
import puppeteer, { type HTTPRequest, type Page } from 'puppeteer-core';
import type { FetchLike } from '../download.ts';
import { startGuardedProxy } from '../guarded-proxy.ts';
import { readCapped } from '../read-capped.ts';
import type { RobotsPolicy } from '../robots.ts';
import type { SsrfGuard } from '../ssrf-guard.ts';
import { extractCandidates, type ImageCandidate } from './candidates.ts';
import { fullSizeUrl } from './full-size.ts';
import { notPortfolioReason } from './image-filters.ts';
import { portfolioLinks } from './links.ts';

log.setLevel(log.LEVELS.OFF);

export interface WebsiteOptions {
  fetch: FetchLike;
  robots: RobotsPolicy;
  guard: SsrfGuard;
  userAgent: string;
  /** Pages visited at most, over both paths. */
  pageBudget: number;
  /** Pause between two pages of one host, unless robots.txt asks for more. */
  hostDelayMs: number;
  chrome: { executablePath: string; args: string[] };
  /** How long the browser keeps scrolling a page for more images. */
  scrollBudgetMs?: number;
  /** `browser` reads every page in Chromium, skipping the plain path (for comparisons). */
  mode?: 'auto' | 'browser';
}

export interface WebsiteImage extends ImageCandidate {
  pageUrl: string;
}

export interface WebsiteResult {
  pages: { url: string; via: 'http' | 'browser'; images: number }[];
  images: WebsiteImage[];
  /** URLs not fetched and why (robots.txt, the SSRF guard), and images left out and why. */
  skipped: { url: string; reason: string }[];
  errors: { url: string; reason: string }[];
}

/** Reads one fetched page and returns how many portfolio images it shows and where to go next. */
type Visit = (
  html: string,
  pageUrl: string,
  via: 'http' | 'browser',
  extra?: ImageCandidate[],
) => Promise<{ images: number; next: string[] }>;

/** Scrapes the portfolio images of the sites at `startUrls`. */
export async function scrapeWebsite(
  startUrls: string[],
  options: WebsiteOptions,
): Promise<WebsiteResult> {
  const result: WebsiteResult = { pages: [], images: [], skipped: [], errors: [] };
  const seenPages = new Set<string>();
  const seenImages = new Set<string>();
  const needsBrowser: string[] = [];
  let delayMs = options.hostDelayMs;

  /** Whether `url` may be visited: budget, robots.txt; records why not. */
  const admit = async (url: string): Promise<boolean> => {
    if (seenPages.has(url) || seenPages.size >= options.pageBudget) return false;
    const verdict = await options.robots.check(url);
    if (verdict.crawlDelayMs !== undefined) delayMs = Math.max(delayMs, verdict.crawlDelayMs);
    if (!verdict.allowed) {
      result.skipped.push({ url, reason: verdict.reason ?? 'robots.txt disallows it' });
      seenPages.add(url);
      return false;
    }
    seenPages.add(url);
    return true;
  };

  /** Keeps the page's new portfolio images; returns how many portfolio images it shows. */
  const keep = (html: string, pageUrl: string, extra: ImageCandidate[] = []): number => {
    let shown = 0;
    for (const candidate of [...extractCandidates(html, pageUrl), ...extra]) {
      const reason = notPortfolioReason(candidate.url, candidate);
      if (reason) {
        result.skipped.push({ url: candidate.url, reason });
        continue;
      }
      const url = fullSizeUrl(candidate.url);
      shown++;
      if (seenImages.has(url)) continue;
      seenImages.add(url);
      result.images.push({ ...candidate, url, pageUrl });
    }
    return shown;
  };

  /** Reads a fetched page: keeps its images, records it, returns the links to follow. */
  const visit: Visit = async (html, pageUrl, via, extra = []) => {
    const images = keep(html, pageUrl, extra);
    result.pages.push({ url: pageUrl, via, images });
    const next: string[] = [];
    for (const link of portfolioLinks(html, pageUrl)) if (await admit(link)) next.push(link);
    return { images, next };
  };
  const failed = ({ request }: { request: { url: string } }, error: Error) => {
    result.errors.push({ url: request.url, reason: error.message });
  };

  const starts: string[] = [];
  for (const url of startUrls) if (await admit(url)) starts.push(url);

  // The plain path: Crawlee's queue and retries; the fetch is ours (guarded, capped).
  const http = new BasicCrawler(
    {
      maxConcurrency: 1,
      maxRequestRetries: 1,
      sameDomainDelaySecs: delayMs / 1000,
      requestHandlerTimeoutSecs: 60,
      requestHandler: async ({ request, addRequests }) => {
        const response = await options.fetch(request.url, {
          signal: AbortSignal.timeout(30_000),
          headers: { accept: 'text/html,*/*;q=0.5' },
          redirect: 'follow',
        });
        if (!response.ok) throw new Error(`The server answered ${response.status}`);
        if (!/html/i.test(response.headers.get('content-type') ?? '')) {
          await response.body?.cancel();
          return;
        }
        // A page is read up to 5 MB: enough for any gallery, bounded for a hostile one.
        const html = await readCapped(response, 5_000_000);
        const { images, next } = await visit(html, request.url, 'http');
        if (images === 0) needsBrowser.push(request.url);
        await addRequests(next);
      },
      failedRequestHandler: failed,
    },
    new Configuration({ persistStorage: false, purgeOnStart: true }),
  );
  if (options.mode === 'browser') needsBrowser.push(...starts);
  else if (starts.length > 0) await http.run(starts);

  if (needsBrowser.length > 0)
    await browse(needsBrowser, options, result, { visit, failed }, delayMs);
  return result;
}

/** The browser path, for pages whose plain HTML had no photo. */
async function browse(
  urls: string[],
  options: WebsiteOptions,
  result: WebsiteResult,
  crawl: { visit: Visit; failed: (context: { request: { url: string } }, error: Error) => void },
  delayMs: number,
): Promise<void> {
  const lookup = promisify(options.guard.lookup) as unknown as (
    host: string,
    opts: object,
  ) => Promise<unknown>;
  const proxy = await startGuardedProxy(options.guard);
  const browser = new PuppeteerCrawler(
    {
      maxConcurrency: 1,
      maxRequestRetries: 1,
      sameDomainDelaySecs: delayMs / 1000,
      requestHandlerTimeoutSecs: 90,
      navigationTimeoutSecs: 30,
      useSessionPool: false,
      launchContext: {
        launcher: puppeteer,
        useChrome: false,
        userAgent: options.userAgent,
        launchOptions: {
          executablePath: options.chrome.executablePath,
          args: [...options.chrome.args, ...proxy.chromeArgs],
          headless: true,
        },
      },
      browserPoolOptions: { useFingerprints: false },
      preNavigationHooks: [
        async ({ page }) => {
          // Chromium resolves names itself: every request it makes is checked here first.
          // Service workers fetch outside the interception; none are needed to read a gallery.
          await page.setBypassServiceWorker(true);
          await page.setRequestInterception(true);
          page.on('request', (request: HTTPRequest) => {
            if (request.isInterceptResolutionHandled()) return;
            const url = new URL(request.url());
            if (url.protocol === 'data:' || url.protocol === 'blob:') {
              void request.continue().catch(() => {});
              return;
            }
            if (!/^https?:$/.test(url.protocol)) {
              void request.abort('blockedbyclient').catch(() => {});
              return;
            }
            const host = url.hostname.replace(/^\[|\]$/g, '');
            lookup(host, { all: true })
              .then(
                () => request.continue(),
                (error: Error) => {
                  result.skipped.push({ url: request.url(), reason: error.message });
                  return request.abort('blockedbyclient');
                },
              )
              // The page may be gone by the time the answer comes; nothing is left to decide.
              .catch(() => {});
          });
        },
      ],
      requestHandler: async ({ page, request, addRequests }) => {
        await scrollToEnd(page, options.scrollBudgetMs ?? 8000);
        const backgrounds: string[] = await page.$$eval('*', (elements: Element[]) =>
          elements.flatMap((element: Element) => {
            const value = getComputedStyle(element).backgroundImage;
            return [...value.matchAll(/url\("?([^")]+)"?\)/g)].map((match) => match[1] as string);
          }),
        );
        const html = await page.content();
        const extra: ImageCandidate[] = backgrounds.map((url: string) => ({
          url: new URL(url, request.url).toString(),
          via: 'background',
        }));
        const { next } = await crawl.visit(html, request.url, 'browser', extra);
        await addRequests(next);
      },
      failedRequestHandler: crawl.failed,
    },
    new Configuration({ persistStorage: false, purgeOnStart: true }),
  );
  try {
    await browser.run(urls);
  } finally {
    await proxy.close();
  }
}

/** Scrolls until the page stops growing (lazy loading, infinite scroll) or the budget is spent. */
async function scrollToEnd(page: Page, budgetMs: number): Promise<void> {
  const deadline = Date.now() + budgetMs;
  let height = 0;
  let unchanged = 0;
  while (Date.now() < deadline && unchanged < 3) {
    const next = await page.evaluate(() => {
      window.scrollTo(0, document.body.scrollHeight);
      return document.body.scrollHeight;
    });
    unchanged = next === height ? unchanged + 1 : 0;
    height = next;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
