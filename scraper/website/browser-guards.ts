// The guards around a page in Chromium, in one place: every request it makes passes the SSRF
// guard's name check first (Chromium resolves names itself), only http(s) leaves the page, no
// popup escapes the interception, no service worker fetches around it, and while controls are
// clicked nothing navigates away or is sent (a control that posts does nothing).
import { promisify } from 'node:util';
import type { HTTPRequest, Page } from 'puppeteer-core';
import type { SsrfGuard } from '../web/ssrf-guard.ts';

/** Requests refused by the guard that are reported, at most, per browser crawl. */
const MAX_REFUSED_REQUESTS = 100;

/** The guards of one browser crawl: each page is guarded before it navigates. */
export interface PageGuards {
  /** Installs the guards on `page`; call before its navigation. */
  guard(page: Page): Promise<void>;
  /** While true, a request that would leave `page` or send something is refused. */
  blockNavigation(page: Page, blocked: boolean): void;
}

/**
 * Guards for the pages of one browser crawl; `onRefused` hears each URL the SSRF guard refused
 * (once per URL, and a bounded number in all: a page may ask for thousands).
 */
export function pageGuards(
  ssrfGuard: SsrfGuard,
  onRefused: (url: string, reason: string) => void,
): PageGuards {
  const lookup = promisify(ssrfGuard.lookup) as unknown as (
    host: string,
    opts: object,
  ) => Promise<unknown>;
  const refused = new Set<string>();
  const navigationBlocked = new WeakSet<Page>();
  return {
    blockNavigation(page, blocked) {
      if (blocked) navigationBlocked.add(page);
      else navigationBlocked.delete(page);
    },
    async guard(page) {
      page.on('popup', (popup: Page | null) => {
        void popup?.close().catch(() => {});
      });
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
              if (refused.size < MAX_REFUSED_REQUESTS && !refused.has(request.url())) {
                refused.add(request.url());
                onRefused(request.url(), error.message);
              }
              return request.abort('blockedbyclient');
            },
          )
          // The page may be gone by the time the answer comes; nothing is left to decide.
          .catch(() => {});
      });
    },
  };
}
