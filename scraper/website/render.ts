// Reading a page in Chromium as a visitor sees it, the same way every time: wait until it has
// settled (no request in flight, no DOM change for a quiet period), scroll it a viewport at a
// time to the end until it stops growing (so IntersectionObservers and infinite scroll fire),
// then click the in-page controls that reveal more of the gallery (tabs, filters, "load more",
// next) without leaving the page, taking a snapshot of the DOM after each step.
import type { HTTPRequest, HTTPResponse, Page } from 'puppeteer-core';

export interface RenderBudget {
  /** The whole page: settling, scrolling and revealing. */
  pageMs: number;
  /** No request in flight and no DOM mutation for this long counts as settled. */
  quietMs: number;
  /** Clicks on revealing controls, at most. */
  clicks: number;
}

export const DEFAULT_RENDER_BUDGET: RenderBudget = { pageMs: 20_000, quietMs: 400, clicks: 24 };

/** A DOM snapshot and what made its content appear. */
export interface Snapshot {
  html: string;
  step: 'script' | 'scroll' | 'reveal';
}

/** A request older than this (a long poll, a stream, a beacon) no longer holds "idle" back. */
const STALE_REQUEST_MS = 3000;

/** Counts the page's requests in flight, so "settled" can mean "network idle". */
export function trackNetwork(page: Page): { inFlight: () => number } {
  const pending = new Map<HTTPRequest, number>();
  page.on('request', (request: HTTPRequest) => {
    // data: and blob: URLs never reach the network and never "finish".
    if (!/^(?:data|blob):/.test(request.url())) pending.set(request, Date.now());
  });
  const done = (request: HTTPRequest) => pending.delete(request);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  page.on('response', (response: HTTPResponse) => {
    // A redirect's request is answered here and followed by a new one.
    if (response.status() >= 300 && response.status() < 400) pending.delete(response.request());
  });
  return {
    inFlight: () => {
      const now = Date.now();
      let count = 0;
      for (const started of pending.values()) if (now - started < STALE_REQUEST_MS) count++;
      return count;
    },
  };
}

/**
 * Reads `page`: settled, scrolled to the end, its revealing controls clicked; returns the DOM
 * after each step. `blockNavigation` is set while clicking so that a control that would leave
 * the page does not.
 */
export async function renderPage(
  page: Page,
  network: { inFlight: () => number },
  budget: RenderBudget,
  blockNavigation: (blocked: boolean) => void,
): Promise<Snapshot[]> {
  const deadline = Date.now() + budget.pageMs;
  await installMutationClock(page);
  const settle = (quietMs = budget.quietMs) => waitSettled(page, network, quietMs, deadline);
  const snapshots: Snapshot[] = [];
  const snap = async (step: Snapshot['step']) => {
    snapshots.push({ html: await page.content(), step });
  };

  await settle();
  await snap('script');

  // Scroll a viewport at a time; at the end, wait for what it loads and go on while it grows.
  let lastHeight = -1;
  while (Date.now() < deadline) {
    const { height, atEnd } = await page.evaluate(() => {
      window.scrollBy(0, Math.max(200, window.innerHeight * 0.9));
      const scroller = document.scrollingElement ?? document.documentElement;
      return {
        height: scroller.scrollHeight,
        atEnd: window.scrollY + window.innerHeight >= scroller.scrollHeight - 2,
      };
    });
    // Between viewports a short quiet is enough; at the end, the full one.
    await settle(atEnd ? budget.quietMs : Math.min(150, budget.quietMs));
    if (atEnd) {
      if (height === lastHeight) break;
      lastHeight = height;
    }
  }
  await snap('scroll');

  blockNavigation(true);
  try {
    await page.evaluate(() => {
      // A control that opens a window reveals nothing here.
      window.open = () => null;
    });
    const clicked = new Set<string>();
    const seen = new Set(await shownImages(page));
    let clicks = 0;
    let progress = true;
    while (progress && clicks < budget.clicks && Date.now() < deadline) {
      progress = false;
      for (const control of await listControls(page)) {
        if (clicks >= budget.clicks || Date.now() >= deadline) break;
        // A control that revealed images is clicked again only in its own run, below.
        if (clicked.has(control.key)) continue;
        clicked.add(control.key);
        // A "next" or "load more" is clicked again and again while it brings new images.
        for (let index = control.index; clicks < budget.clicks && Date.now() < deadline; ) {
          if (!(await clickControl(page, index))) break;
          clicks++;
          await settle();
          const fresh = (await shownImages(page)).filter((src) => !seen.has(src));
          if (fresh.length === 0) break;
          for (const src of fresh) seen.add(src);
          await snap('reveal');
          progress = true;
          const again = (await listControls(page)).find((c) => c.key === control.key);
          if (!again) break;
          index = again.index;
        }
      }
    }
  } finally {
    blockNavigation(false);
  }
  return snapshots;
}

/** Records the time of the last DOM mutation in the page. */
async function installMutationClock(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __lastMutation: number };
    w.__lastMutation = performance.now();
    new MutationObserver(() => {
      w.__lastMutation = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** Waits until no request is in flight and the DOM has not changed for `quietMs`, or `deadline`. */
async function waitSettled(
  page: Page,
  network: { inFlight: () => number },
  quietMs: number,
  deadline: number,
): Promise<void> {
  let idleSince = network.inFlight() === 0 ? Date.now() : Number.POSITIVE_INFINITY;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (network.inFlight() > 0) {
      idleSince = Number.POSITIVE_INFINITY;
      continue;
    }
    if (idleSince === Number.POSITIVE_INFINITY) idleSince = Date.now();
    const sinceMutation = await page
      .evaluate(
        () => performance.now() - (window as unknown as { __lastMutation: number }).__lastMutation,
      )
      .catch(() => quietMs);
    if (Date.now() - idleSince >= quietMs && sinceMutation >= quietMs) return;
  }
}

/** Clicks the control at `index` of the last listControls(); false when it is gone. */
function clickControl(page: Page, index: number): Promise<boolean> {
  return page
    .evaluate((at: number) => {
      const element = (window as unknown as { __controls: HTMLElement[] }).__controls[at];
      if (!element?.isConnected) return false;
      element.click();
      return true;
    }, index)
    .catch(() => false);
}

/** The sources of the images in the DOM now. */
function shownImages(page: Page): Promise<string[]> {
  return page
    .evaluate(() => [...document.images].map((img) => img.currentSrc || img.src))
    .catch(() => []);
}

interface Control {
  index: number;
  key: string;
}

/**
 * The visible in-page controls that may reveal more of the gallery: buttons, tabs, filter
 * items and same-page links, never a form's submit, a control holding an image (a lightbox
 * opener), or one whose words say it closes, books, buys, signs in or consents.
 */
async function listControls(page: Page): Promise<Control[]> {
  return page.evaluate(() => {
    const NOT_REVEALING =
      /close|cancel|accept|reject|cookie|consent|subscribe|newsletter|book|appointment|send|submit|buy|cart|checkout|login|log in|sign|search|menu|play|pause|mute|share|print|download|call|mail|whatsapp|×|✕/i;
    const selector = [
      'button',
      '[role="tab"]',
      '[role="button"]',
      '[data-filter]',
      '[data-toggle="tab"]',
      '[data-bs-toggle="tab"]',
      '[data-bs-toggle="pill"]',
      'a[href^="#"]',
      'a[href^="javascript:"]',
      'a:not([href])',
    ].join(',');
    const found: HTMLElement[] = [];
    // (No named functions in here: the bundler would wrap them in a helper the page lacks.)
    const REVEALS = '[role="tab"], [data-filter], [data-toggle], [data-bs-toggle], [aria-controls]';
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      if (element.closest('form') && !element.closest('[role="tablist"]')) continue;
      // The site's menus lead to other pages, which the crawl visits anyway.
      if (
        element.closest(
          'nav, [role="navigation"], body > header, body > footer, [role="banner"], [role="contentinfo"]',
        ) &&
        !element.matches(REVEALS)
      )
        continue;
      // A link to a part of the page only scrolls there.
      const target = element.getAttribute('href')?.slice(1);
      if (
        target &&
        document.getElementById(decodeURIComponent(target)) &&
        !element.matches(REVEALS)
      )
        continue;
      if (element.querySelector('img, picture, video')) continue;
      if (
        (element as HTMLButtonElement).disabled ||
        element.getAttribute('aria-disabled') === 'true'
      )
        continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const words =
        `${element.textContent ?? ''} ${element.getAttribute('aria-label') ?? ''} ${element.getAttribute('title') ?? ''}`
          .replace(/\s+/g, ' ')
          .trim();
      if (NOT_REVEALING.test(words) || words.length > 40) continue;
      if (element.tagName === 'A' && (element.getAttribute('href') ?? '#').length <= 1 && !words)
        continue;
      found.push(element);
    }
    (window as unknown as { __controls: HTMLElement[] }).__controls = found;
    return found.map((element, index) => ({
      index,
      key: `${element.tagName}|${(element.textContent ?? '').trim().slice(0, 40)}|${element.getAttribute('aria-label') ?? ''}|${element.className}`,
    }));
  });
}
