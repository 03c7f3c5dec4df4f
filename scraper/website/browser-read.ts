// The browser path: each page read in Chromium (PuppeteerCrawler) as a visitor sees it, settled,
// scrolled to the end and with its revealing controls clicked (render.ts), behind the page
// guards (browser-guards.ts) and the guarded proxy; the JSON and scripts it loads are kept, as
// they may name the full sizes it shows thumbnails of.
import { PuppeteerCrawler } from '@crawlee/puppeteer';
import puppeteer, { type HTTPResponse, type Page } from 'puppeteer-core';
import { chromeEnvironment } from '../web/chrome.ts';
import { startGuardedProxy } from '../web/guarded-proxy.ts';
import { pageGuards } from './browser-guards.ts';
import { crawlerConfiguration, type Failed, quietLog } from './crawlee-options.ts';
import type { PageData } from './data-renditions.ts';
import {
  DEFAULT_RENDER_BUDGET,
  prepareDocuments,
  renderPage,
  type Snapshot,
  trackNetwork,
} from './render.ts';
import { absoluteUrl } from './urls.ts';
import type { WebsiteOptions, WebsiteResult } from './website-types.ts';

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

/**
 * Reads `pages` in Chromium; `visit` gets each page's snapshots and data under the URL its
 * navigation ended at, and returns the pages the running crawl should read next.
 */
export async function readInBrowser(
  pages: { url: string; why: string }[],
  options: WebsiteOptions,
  delayMs: number,
  failed: Failed,
  result: Pick<WebsiteResult, 'skipped' | 'cutShort'>,
  inScope: (url: string) => boolean,
  visit: (url: string, why: string, snapshots: Snapshot[], data: PageData[]) => Promise<string[]>,
): Promise<void> {
  const budget = { ...DEFAULT_RENDER_BUDGET, ...options.render };
  const why = new Map(pages.map((page) => [page.url, page.why]));
  const trackers = new WeakMap<Page, ReturnType<typeof trackNetwork>>();
  const responses = new WeakMap<Page, PageData[]>();
  const guards = pageGuards(options.guard, (url, reason) => result.skipped.push({ url, reason }));
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
          responses.set(page, captureData(page));
          // A tall viewport: fewer scroll steps to the end, the same images in view.
          await page.setViewport({ width: 1280, height: 1600 });
          await guards.guard(page);
        },
      ],
      requestHandler: async ({ page, request, addRequests }) => {
        const network = trackers.get(page) ?? trackNetwork(page);
        const { snapshots, cutShort } = await renderPage(page, network, budget, (blocked) =>
          guards.blockNavigation(page, blocked),
        );
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
