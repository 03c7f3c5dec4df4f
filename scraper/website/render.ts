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

/** A snapshot is read up to 5 MB of HTML, like a plainly fetched page. */
const MAX_SNAPSHOT_CHARS = 5_000_000;

/**
 * Prepares every document `page` loads, before its scripts run: a clock of the last DOM
 * mutation (kept across a client-side navigation); no service or shared workers, no popups and
 * no script-submitted forms (their requests would escape the page's request interception).
 */
export async function prepareDocuments(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __lastMutation: number };
    w.__lastMutation = performance.now();
    new MutationObserver(() => {
      w.__lastMutation = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    // No new windows and no form submissions by script: a popup's requests, and a form
    // posted into one, would escape the page's request interception. A gallery needs neither.
    window.open = () => null;
    HTMLFormElement.prototype.submit = () => {};
    HTMLFormElement.prototype.requestSubmit = () => {};
    try {
      Object.defineProperty(navigator, 'serviceWorker', { get: () => undefined });
      Object.defineProperty(window, 'SharedWorker', { get: () => undefined });
    } catch {
      // A property that cannot be redefined stays; the proxy still guards its connections.
    }
  });
}

/**
 * Reads `page` (prepared by prepareDocuments): settled, scrolled to the end, its revealing
 * controls clicked; returns the DOM after each step. `blockNavigation` is called before the
 * first click and never undone: from then on nothing the page does may leave it or send
 * anything but a GET (the caller closes the page after reading it).
 */
/** What rendering a page gave: its snapshots, and why it was cut short, if it was. */
export interface RenderedPage {
  snapshots: Snapshot[];
  /** Why what a visitor could still see was not all read (the time, the clicks, the size). */
  cutShort?: string;
}

export async function renderPage(
  page: Page,
  network: { inFlight: () => number },
  budget: RenderBudget,
  blockNavigation: (blocked: boolean) => void,
): Promise<RenderedPage> {
  const deadline = Date.now() + budget.pageMs;
  const settle = (quietMs = budget.quietMs) => waitSettled(page, network, quietMs, deadline);
  const snapshots: Snapshot[] = [];
  let cutShort: string | undefined;
  const snap = async (step: Snapshot['step']) => {
    const whole = await page.content().catch(() => '');
    if (whole.length > MAX_SNAPSHOT_CHARS) cutShort ??= 'the page is larger than is read';
    const html = whole.slice(0, MAX_SNAPSHOT_CHARS);
    // The same DOM twice adds nothing.
    if (html && html !== snapshots.at(-1)?.html) snapshots.push({ html, step });
  };

  await settle();
  await snap('script');

  // Scroll a viewport at a time; at the end, wait for what it loads and go on while it grows.
  let lastHeight = -1;
  let scrolled = false;
  while (Date.now() < deadline) {
    const { height, atEnd } = await page
      .evaluate(() => {
        window.scrollBy(0, Math.max(200, window.innerHeight * 0.9));
        const scroller = document.scrollingElement ?? document.documentElement;
        return {
          height: scroller.scrollHeight,
          atEnd: window.scrollY + window.innerHeight >= scroller.scrollHeight - 2,
        };
      })
      // The page navigated by itself (a redirect, a language switch): settle and go on.
      .catch(() => ({ height: -2, atEnd: false }));
    // Between viewports a short quiet is enough; at the end, the full one.
    await settle(atEnd ? budget.quietMs : Math.min(150, budget.quietMs));
    if (atEnd) {
      if (height === lastHeight) {
        scrolled = true;
        break;
      }
      lastHeight = height;
    }
  }
  if (!scrolled) cutShort ??= 'the page still grew when its time was up';
  await snap('scroll');

  blockNavigation(true);
  {
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
    // What the clicks left, whatever the fingerprint saw.
    if (clicks > 0) await snap('reveal');
    // Stopped while a control still brought images: there may be more behind it.
    if (progress && (clicks >= budget.clicks || Date.now() >= deadline))
      cutShort ??= 'its gallery still revealed images when the clicks or the time ran out';
  }
  return { snapshots, ...(cutShort && { cutShort }) };
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
    // No clock (a document not prepared) or no answer (navigating): count it as just changed.
    const sinceMutation = await page
      .evaluate(() => {
        const last = (window as unknown as { __lastMutation?: number }).__lastMutation;
        return typeof last === 'number' ? performance.now() - last : 0;
      })
      .catch(() => 0);
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

/** What the DOM shows of images now: every source an img names, and links to image files. */
function shownImages(page: Page): Promise<string[]> {
  return page
    .evaluate(() => [
      ...[...document.images].flatMap((img) => [
        img.currentSrc || img.src,
        img.getAttribute('srcset') ?? '',
        img.getAttribute('data-src') ?? '',
      ]),
      ...[...document.querySelectorAll('a[href]')]
        .map((a) => a.getAttribute('href') ?? '')
        .filter((href) => /\.(?:jpe?g|png|webp|avif|gif)(?:[?#]|$)/i.test(href)),
    ])
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
      /\b(?:close|cancel|accept|reject|cookies?|consent|subscribe|newsletter|book(?:ing| now)?|appointment|send|submit|buy|cart|checkout|log ?in|log ?out|sign (?:in|up|out)|search|menu|play|pause|mute|share|print|download|call|e-?mail|whatsapp|delete|remove|publish|save)\b|×|✕/i;
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
      // A button of a form elsewhere on the page submits it.
      if (element.hasAttribute('form') || element.getAttribute('type') === 'submit') continue;
      // The site's menus lead to other pages, which the crawl visits anyway.
      if (
        element.closest(
          'nav, [role="navigation"], body > header, body > footer, [role="banner"], [role="contentinfo"]',
        ) &&
        !element.matches(REVEALS)
      )
        continue;
      // A link to a part of the page only scrolls there.
      let target = element.getAttribute('href')?.slice(1) ?? '';
      try {
        target = decodeURIComponent(target);
      } catch {
        // A fragment that is not valid percent-encoding is taken as written.
      }
      if (target && document.getElementById(target) && !element.matches(REVEALS)) continue;
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
