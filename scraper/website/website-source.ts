// Crawls an artist's website for portfolio images. Pages come from the start URL, the site's
// sitemaps and the links a visitor sees, all within the artist's scope (links.ts). Each page is
// read plain first (Crawlee's queue, retries and per-domain delay around our guarded fetch) and
// again in Chromium (PuppeteerCrawler) when the plain HTML cannot show what a visitor sees: no
// photo, or scripts that write the page. In Chromium a page is read once settled, scrolled to
// the end and with its revealing controls clicked (render.ts). Site chrome is told from the
// gallery at the end, over every page read. Every URL passes robots.txt; every connection
// passes the SSRF guard.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { BasicCrawler, Configuration, log } from '@crawlee/basic';
import { PuppeteerCrawler } from '@crawlee/puppeteer';
import * as cheerio from 'cheerio';
import puppeteer, { type HTTPRequest, type HTTPResponse, type Page } from 'puppeteer-core';
import type { FoundBy } from '../../core/images/provenance.ts';
import { chromeEnvironment } from '../chrome.ts';
import type { FetchLike } from '../download.ts';
import { startGuardedProxy } from '../guarded-proxy.ts';
import { readCapped } from '../read-capped.ts';
import type { RobotsPolicy } from '../robots.ts';
import type { SsrfGuard } from '../ssrf-guard.ts';
import { extractCandidates, type ImageCandidate } from './candidates.ts';
import { type PageData, renditionsInData } from './data-renditions.ts';
import { fullSizeUrl } from './full-size.ts';
import { notPortfolioReason } from './image-filters.ts';
import { crawlScope, portfolioLinks } from './links.ts';
import {
  DEFAULT_RENDER_BUDGET,
  prepareDocuments,
  type RenderBudget,
  renderPage,
  type Snapshot,
  trackNetwork,
} from './render.ts';
import { sitemapPages } from './sitemaps.ts';
import { absoluteUrl } from './urls.ts';

/** Each crawler's Crawlee configuration: nothing kept on disk. */
const crawlerConfiguration = () => new Configuration({ persistStorage: false, purgeOnStart: true });

/**
 * Each crawler's own logger, off: the scraper reports what happened itself. Given to each
 * crawler (and so to its pools), never set on Crawlee's global log. (Configuration's
 * `logLevel` would set the global one, and ignores OFF, which is 0.)
 */
const quietLog = () => log.child({ prefix: 'scraper', level: log.LEVELS.OFF });

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
  /** How long the browser may spend on one page, and how many revealing clicks it makes. */
  render?: Partial<RenderBudget>;
  /** `browser` reads every page in Chromium, skipping the plain path (for comparisons). */
  mode?: 'auto' | 'browser';
}

export interface WebsiteImage extends ImageCandidate {
  /** The first page that shows it. */
  pageUrl: string;
  /** How it was found: where its URL was, and what made it appear. */
  foundBy: FoundBy[];
}

export interface WebsitePage {
  url: string;
  via: 'http' | 'browser';
  /** Portfolio images the page shows. */
  images: number;
  /** Why the page was read again in Chromium. */
  escalated?: string;
}

/** Why a candidate image was not taken for portfolio. */
export type LeftOutCode = 'thumbnail' | 'site-chrome' | 'not-portfolio';

export interface WebsiteResult {
  pages: WebsitePage[];
  images: WebsiteImage[];
  /** Candidate images left out, each once, and why. */
  leftOut: { url: string; code: LeftOutCode; reason: string }[];
  /**
   * Photos the site shows as its chrome (a headshot in the hero, the logo card, the studio in
   * the about section): a portfolio image with the same bytes is a copy of chrome.
   */
  chrome: string[];
  /** Pages and requests not fetched and why (robots.txt, the SSRF guard, a repeated page). */
  skipped: { url: string; reason: string }[];
  errors: { url: string; reason: string }[];
  /** Every in-scope page the crawl came to know of (linked, listed in a sitemap), read or not. */
  pagesFound: string[];
  /** Whether the page budget left some of those unread. */
  truncated: boolean;
  /** Pages read only in part (render.ts: the time, the clicks or the size ran out), and why. */
  cutShort: { url: string; reason: string }[];
}

/** Chrome photos kept for the copy check, at most: each costs a (polite) download. */
const MAX_CHROME_REFERENCES = 12;

/** What one page showed, before the site-wide decision on chrome. */
interface PageRead {
  url: string;
  candidates: (ImageCandidate & { step?: FoundBy })[];
}

type Failed = (context: { request: { url: string } }, error: Error) => void;

/** Scripts that only measure or advertise: they never write a gallery. */
const TRACKER_SCRIPT =
  /googletagmanager|google-analytics|gtag\/js|facebook\.net|connect\.facebook|hotjar|clarity\.ms|plausible|matomo|cloudflareinsights|doubleclick/i;
/** Inline script code that changes the page or asks for more of it. */
const PAGE_WRITING =
  /fetch\(|XMLHttpRequest|\.innerHTML|appendChild|insertAdjacent|createElement|IntersectionObserver|\.append\(|\.html\(|\$\(|jQuery|new [A-Z]\w+\(/;

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
  const scope = crawlScope(startUrls);
  const found = new Set<string>();
  const seenPages = new Set<string>();
  /** Pages that are a page read, under another URL. */
  const sameAs = new Set<string>();
  const reads: PageRead[] = [];
  const plainQueue: string[] = [];
  const browserQueue: { url: string; why: string }[] = [];
  let delayMs = options.hostDelayMs;

  /** Whether `url` may be visited: scope, budget, robots.txt; records why not. */
  const admit = async (url: string): Promise<boolean> => {
    if (seenPages.has(url) || !scope.includes(url)) return false;
    found.add(url);
    if (seenPages.size >= options.pageBudget) return false;
    seenPages.add(url);
    const verdict = await options.robots.check(url);
    if (verdict.crawlDelayMs !== undefined) delayMs = Math.max(delayMs, verdict.crawlDelayMs);
    if (!verdict.allowed) {
      result.skipped.push({ url, reason: verdict.reason ?? 'robots.txt disallows it' });
      return false;
    }
    return true;
  };
  /** The admitted ones of `urls`, for the plain path's running crawl. */
  const admitted = async (urls: string[]): Promise<string[]> => {
    const out: string[] = [];
    for (const url of urls) if (await admit(url)) out.push(url);
    return out;
  };
  /** Queues the admitted ones of `urls` for the plain path's next round. */
  const enqueue = async (urls: string[]) => {
    plainQueue.push(...(await admitted(urls)));
  };
  const failed: Failed = ({ request }, error) => {
    result.errors.push({ url: request.url, reason: error.message });
  };

  await enqueue(startUrls);
  // The sitemaps list the gallery pages a script-written menu hides: portfolio-looking first.
  for (const origin of new Set(startUrls.map((url) => new URL(url).origin))) {
    const sitemap = await sitemapPages(origin, options).catch(() => ({ urls: [], errors: [] }));
    result.errors.push(...sitemap.errors);
    // At most half the budget: the links a visitor sees keep room for themselves.
    const inScope = portfolioFirst(sitemap.urls.filter((url) => scope.includes(url)));
    const room = Math.max(1, Math.floor(options.pageBudget / 2));
    for (const url of inScope) found.add(url);
    await enqueue(inScope.slice(0, room));
  }

  const contents = new Map<string, string>();
  /** Reads a plainly fetched page; returns the links the running crawl should follow. */
  /** The plain read of each page sent to the browser: what is kept if the browser fails it. */
  const plainReads = new Map<string, PageRead>();
  const visitPlain = async (html: string, url: string, requested: string): Promise<string[]> => {
    if (url !== requested) {
      if (!scope.includes(url)) {
        result.skipped.push({ url: requested, reason: `redirects to ${url}, outside the scope` });
        return [];
      }
      if (seenPages.has(url) && url !== requested) {
        result.skipped.push({ url: requested, reason: `redirects to ${url}, read already` });
        sameAs.add(requested);
        return [];
      }
      seenPages.add(url);
    }
    // The same document under a second URL (`/` and `/index.html`) is read once.
    const digest = createHash('sha256').update(html).digest('hex');
    const first = contents.get(digest);
    if (first) {
      result.skipped.push({ url, reason: `the same page as ${first}` });
      sameAs.add(url);
      return [];
    }
    contents.set(digest, url);
    const $ = cheerio.load(html);
    const candidates = withDataRenditions(
      extractCandidates($, url),
      renditionsInData(inlineScripts($, url), url),
    );
    const links = portfolioLinks($, url).filter((link) => scope.includes(link));
    const why = options.mode === 'browser' ? 'browser mode' : needsBrowser($, candidates);
    if (why) {
      browserQueue.push({ url, why });
      plainReads.set(url, { url, candidates });
    } else {
      reads.push({ url, candidates });
      result.pages.push({ url, via: 'http', images: 0 });
    }
    return admitted(links);
  };

  // Rounds: the plain path reads what is queued, the browser what it could not; links the
  // browser finds go back to the plain path.
  while (plainQueue.length > 0 || browserQueue.length > 0) {
    if (plainQueue.length > 0) {
      const urls = plainQueue.splice(0);
      if (options.mode === 'browser')
        for (const url of urls) browserQueue.push({ url, why: 'browser mode' });
      else await readPlain(urls, options, delayMs, visitPlain, failed);
    }
    if (browserQueue.length > 0) {
      const pages = browserQueue.splice(0);
      const rendered = new Set<string>();
      await browse(
        pages,
        options,
        delayMs,
        failed,
        result,
        (url) => scope.includes(url),
        async (url, why, snapshots, data) => {
          const candidates: PageRead['candidates'] = [];
          const seen = new Set<string>();
          const parsed = snapshots.map((snapshot) => ({
            ...snapshot,
            $: cheerio.load(snapshot.html),
          }));
          const last = parsed.at(-1);
          const renditions = renditionsInData(
            [...data, ...(last ? inlineScripts(last.$, url) : [])],
            url,
          );
          for (const snapshot of parsed) {
            for (const candidate of withDataRenditions(
              extractCandidates(snapshot.$, url),
              renditions,
            )) {
              if (seen.has(candidate.url)) continue;
              seen.add(candidate.url);
              candidates.push({ ...candidate, step: snapshot.step });
            }
          }
          rendered.add(url);
          reads.push({ url, candidates });
          result.pages.push({ url, via: 'browser', images: 0, escalated: why });
          const links = last ? portfolioLinks(last.$, url).filter((l) => scope.includes(l)) : [];
          // In browser mode the running browser crawl follows them; else the plain path first.
          if (options.mode === 'browser') return admitted(links);
          await enqueue(links);
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
    if (seenPages.has(home) || !(await options.robots.check(home)).allowed) continue;
    const html = await readReference(home, options).catch(() => undefined);
    if (html)
      references.push({
        url: home,
        candidates: extractCandidates(html, home).filter((c) => c.chrome),
      });
  }
  decide(reads, references, result);
  // A page that is another under a second URL (`/index.html`), or redirects to one read, was
  // read: it is not a page left unread.
  result.pagesFound = [...found].filter((url) => !sameAs.has(url));
  // Cut short: the budget was spent while pages it knew of were left unread.
  result.truncated =
    seenPages.size >= options.pageBudget && result.pagesFound.some((url) => !seenPages.has(url));
  return result;
}

/** A page read only for what its chrome is; undefined when it is not an HTML page. */
async function readReference(url: string, options: WebsiteOptions): Promise<string | undefined> {
  const response = await options.fetch(url, {
    signal: AbortSignal.timeout(30_000),
    headers: { accept: 'text/html,*/*;q=0.5' },
    redirect: 'follow',
  });
  if (!response.ok || !/html/i.test(response.headers.get('content-type') ?? '')) {
    await response.body?.cancel();
    return undefined;
  }
  return readCapped(response, 5_000_000);
}

/** The inline scripts of a page, as data that may name full sizes. */
function inlineScripts($: cheerio.CheerioAPI, pageUrl: string): PageData[] {
  return $('script:not([src])')
    .toArray()
    .map((script) => ({ text: $(script).text(), baseUrl: pageUrl }));
}

/** Candidates whose full size the page's data names, at that full size. */
function withDataRenditions(
  candidates: ImageCandidate[],
  renditions: Map<string, string>,
): ImageCandidate[] {
  if (renditions.size === 0) return candidates;
  return candidates.map((candidate) => {
    const full = renditions.get(candidate.url);
    if (!full) return candidate;
    const { width: _width, height: _height, ...rest } = candidate;
    return {
      ...rest,
      url: full,
      via: 'network',
      renditions: [...new Set([candidate.url, ...(candidate.renditions ?? [])])],
    };
  });
}

/** Why the plain HTML of a page cannot be trusted to show its gallery, or undefined. */
function needsBrowser($: cheerio.CheerioAPI, candidates: ImageCandidate[]): string | undefined {
  if (!candidates.some((c) => !c.chrome && !notPortfolioReason(fullSizeUrl(c.url), c)))
    return 'no photo in its HTML';
  const scripts = $('script')
    .toArray()
    .filter((script) => {
      const type = ($(script).attr('type') ?? '').toLowerCase();
      if (type && !/javascript|module|^$/.test(type)) return false;
      const src = $(script).attr('src');
      if (src) return !TRACKER_SCRIPT.test(src);
      return PAGE_WRITING.test($(script).text()) && !TRACKER_SCRIPT.test($(script).text());
    });
  return scripts.length > 0 ? 'its scripts write the page' : undefined;
}

/**
 * The site-wide decision: a piece is kept once, at its largest rendition; thumbnails of a kept
 * piece, chrome (by where a page shows it, or shown on most pages), and what the filters refuse
 * are recorded with their reason.
 */
function decide(reads: PageRead[], references: PageRead[], result: WebsiteResult): void {
  const sightings = new Map<
    string,
    {
      candidate: ImageCandidate;
      pageUrl: string;
      pages: Set<string>;
      foundBy: Set<FoundBy>;
      chrome?: string;
    }
  >();
  const renditions = new Map<string, string>();
  for (const read of reads) {
    for (const candidate of read.candidates) {
      const url = fullSizeUrl(candidate.url);
      let seen = sightings.get(url);
      if (!seen) {
        seen = {
          candidate: { ...candidate, url },
          pageUrl: read.url,
          pages: new Set(),
          foundBy: new Set(),
        };
        sightings.set(url, seen);
      }
      seen.pages.add(read.url);
      seen.foundBy.add(candidate.via);
      if (candidate.step && candidate.step !== 'script') seen.foundBy.add(candidate.step);
      else if (candidate.step === 'script') seen.foundBy.add('script');
      if (candidate.chrome && !seen.chrome) seen.chrome = candidate.chrome;
      if (!seen.candidate.caption && candidate.caption) seen.candidate.caption = candidate.caption;
      for (const rendition of candidate.renditions ?? []) {
        const thumb = fullSizeUrl(rendition);
        if (thumb !== url) renditions.set(thumb, url);
      }
    }
  }
  // An image on nearly every page of a site is part of its frame (a logo, a banner, a footer
  // photo). A small site (one page and its translation) shows its gallery on each of them.
  const pageCount = reads.length;
  const repeatedAt = Math.ceil(pageCount * 0.8);
  const chrome = (url: string) => {
    // By its URL only: a logo named so by its alt text is still worth comparing with.
    if (result.chrome.length < MAX_CHROME_REFERENCES && !notPortfolioReason(url))
      result.chrome.push(url);
  };
  for (const [url, seen] of sightings) {
    const refuse = (code: LeftOutCode, reason: string) =>
      result.leftOut.push({ url, code, reason });
    const fullSize = renditions.get(url);
    if (fullSize && sightings.has(fullSize) && fullSize !== url) {
      refuse('thumbnail', `a thumbnail of ${fullSize}, whose full size is kept`);
      continue;
    }
    if (seen.chrome) {
      refuse('site-chrome', `site chrome: ${seen.chrome}`);
      chrome(url);
      continue;
    }
    if (pageCount >= 5 && seen.pages.size >= repeatedAt) {
      refuse(
        'site-chrome',
        `site chrome: shown on ${seen.pages.size} of the ${pageCount} pages read`,
      );
      chrome(url);
      continue;
    }
    const reason = notPortfolioReason(url, seen.candidate);
    if (reason) {
      refuse('not-portfolio', reason);
      continue;
    }
    const {
      step: _step,
      chrome: _chrome,
      ...candidate
    } = seen.candidate as PageRead['candidates'][number];
    result.images.push({
      ...candidate,
      url,
      pageUrl: seen.pageUrl,
      foundBy: [...seen.foundBy].sort(),
    });
    for (const page of result.pages) if (seen.pages.has(page.url)) page.images++;
  }
  // The thumbnails a kept piece stands for: never downloaded, said once each.
  const kept = new Set(result.images.map((image) => image.url));
  for (const [thumb, fullSize] of renditions)
    if (!sightings.has(thumb) && kept.has(fullSize))
      result.leftOut.push({
        url: thumb,
        code: 'thumbnail',
        reason: `a thumbnail of ${fullSize}, whose full size is kept`,
      });
  for (const reference of references)
    for (const candidate of reference.candidates) {
      const url = fullSizeUrl(candidate.url);
      if (!sightings.has(url) && !result.chrome.includes(url)) chrome(url);
    }
}

/** Gallery-looking URLs first, the rest after, each group in its order. */
function portfolioFirst(urls: string[]): string[] {
  const likely = /galler|portfolio|work|artist|tattoo|flash|project|healed|photo/i;
  const looks = (url: string) => likely.test(new URL(url).pathname);
  return [...urls.filter(looks), ...urls.filter((url) => !looks(url))];
}

/** The plain path: Crawlee's queue and retries; the fetch is ours (guarded, capped). */
async function readPlain(
  urls: string[],
  options: WebsiteOptions,
  delayMs: number,
  visit: (html: string, url: string, requested: string) => Promise<string[]>,
  failed: Failed,
): Promise<void> {
  const http = new BasicCrawler(
    {
      log: quietLog(),
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
        // A redirect decides the page's URL: relative links resolve against where it ended.
        const finalUrl = response.url || request.url;
        const html = await readCapped(response, 5_000_000);
        await addRequests(await visit(html, finalUrl, request.url));
      },
      failedRequestHandler: failed,
    },
    crawlerConfiguration(),
  );
  await http.run(urls);
}

/** Requests refused by the guard that are reported, at most, per browser crawl. */
const MAX_REFUSED_REQUESTS = 100;

/** Data responses kept per page, at most: their count and each one's size. */
const MAX_DATA_RESPONSES = 40;
const MAX_DATA_BYTES = 2 * 1024 * 1024;

/** Keeps the JSON and scripts `page` loads, which may name the full sizes it shows thumbnails of. */
function captureData(page: Page): PageData[] {
  const kept: PageData[] = [];
  page.on('response', (response: HTTPResponse) => {
    const type = response.request().resourceType();
    const contentType = response.headers()['content-type'] ?? '';
    if (kept.length >= MAX_DATA_RESPONSES || !['xhr', 'fetch', 'script'].includes(type)) return;
    if (!/json|javascript|ecmascript|text\/plain/i.test(contentType)) return;
    const length = Number(response.headers()['content-length'] ?? 0);
    if (length > MAX_DATA_BYTES) return;
    response
      .text()
      .then((text) => {
        if (text.length <= MAX_DATA_BYTES && kept.length < MAX_DATA_RESPONSES)
          kept.push({ text, baseUrl: response.url() });
      })
      // A response whose body is gone (a redirect, a closed page) has nothing to offer.
      .catch(() => {});
  });
  return kept;
}

/** The browser path: each page rendered as a visitor sees it (render.ts). */
async function browse(
  pages: { url: string; why: string }[],
  options: WebsiteOptions,
  delayMs: number,
  failed: Failed,
  result: Pick<WebsiteResult, 'skipped' | 'cutShort'>,
  inScope: (url: string) => boolean,
  visit: (url: string, why: string, snapshots: Snapshot[], data: PageData[]) => Promise<string[]>,
): Promise<void> {
  const lookup = promisify(options.guard.lookup) as unknown as (
    host: string,
    opts: object,
  ) => Promise<unknown>;
  const budget = { ...DEFAULT_RENDER_BUDGET, ...options.render };
  const why = new Map(pages.map((page) => [page.url, page.why]));
  const trackers = new WeakMap<Page, ReturnType<typeof trackNetwork>>();
  const responses = new WeakMap<Page, PageData[]>();
  const refused = new Set<string>();
  const navigationBlocked = new WeakSet<Page>();
  const proxy = await startGuardedProxy(options.guard);
  const browser = new PuppeteerCrawler(
    {
      log: quietLog(),
      maxConcurrency: 1,
      maxRequestRetries: 1,
      sameDomainDelaySecs: delayMs / 1000,
      requestHandlerTimeoutSecs: Math.ceil(budget.pageMs / 1000) + 60,
      navigationTimeoutSecs: 30,
      useSessionPool: false,
      launchContext: {
        launcher: puppeteer,
        useChrome: false,
        userAgent: options.userAgent,
        launchOptions: {
          executablePath: options.chrome.executablePath,
          // No popups: a new window would escape the page's request interception.
          args: [...options.chrome.args, ...proxy.chromeArgs, '--block-new-web-contents'],
          headless: true,
          env: chromeEnvironment(),
        },
      },
      browserPoolOptions: { useFingerprints: false },
      preNavigationHooks: [
        async ({ page }) => {
          trackers.set(page, trackNetwork(page));
          await prepareDocuments(page);
          page.on('popup', (popup: Page | null) => {
            void popup?.close().catch(() => {});
          });
          responses.set(page, captureData(page));
          // A tall viewport: fewer scroll steps to the end, the same images in view.
          await page.setViewport({ width: 1280, height: 1600 });
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
            // While controls are clicked, a click that would leave the page stays on it, and
            // nothing is sent: a control that posts (a form, "publish", "delete") does nothing.
            const leaving =
              navigationBlocked.has(page) &&
              ((request.isNavigationRequest() && request.frame() === page.mainFrame()) ||
                !/^(?:GET|HEAD|OPTIONS)$/.test(request.method()));
            if (!/^https?:$/.test(url.protocol) || leaving) {
              void request.abort('blockedbyclient').catch(() => {});
              return;
            }
            const host = url.hostname.replace(/^\[|\]$/g, '');
            lookup(host, { all: true })
              .then(
                () => request.continue(),
                (error: Error) => {
                  // Once per URL, and a bounded number in all: a page may ask for thousands.
                  if (refused.size < MAX_REFUSED_REQUESTS && !refused.has(request.url())) {
                    refused.add(request.url());
                    result.skipped.push({ url: request.url(), reason: error.message });
                  }
                  return request.abort('blockedbyclient');
                },
              )
              // The page may be gone by the time the answer comes; nothing is left to decide.
              .catch(() => {});
          });
        },
      ],
      requestHandler: async ({ page, request, addRequests }) => {
        const network = trackers.get(page) ?? trackNetwork(page);
        const { snapshots, cutShort } = await renderPage(page, network, budget, (blocked) => {
          if (blocked) navigationBlocked.add(page);
          else navigationBlocked.delete(page);
        });
        if (cutShort) result.cutShort.push({ url: request.url, reason: cutShort });
        // Where the navigation ended, redirects followed: the page's URL from here on.
        const loaded = absoluteUrl(request.loadedUrl ?? request.url, request.url) ?? request.url;
        if (loaded !== request.url && !inScope(loaded)) {
          result.skipped.push({
            url: request.url,
            reason: `redirects to ${loaded}, outside the scope`,
          });
          return;
        }
        const next = await visit(
          loaded,
          why.get(request.url) ?? 'browser',
          snapshots,
          responses.get(page) ?? [],
        );
        for (const url of next) why.set(url, 'browser mode');
        await addRequests(next);
      },
      failedRequestHandler: failed,
    },
    crawlerConfiguration(),
  );
  try {
    await browser.run(pages.map((page) => page.url));
  } finally {
    await proxy.close();
  }
}
