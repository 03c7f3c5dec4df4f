// The crawl frontier of one website read: which pages are known of, which are admitted (in
// scope, within the page budget, allowed by robots.txt), which are the same page under a second
// URL, and the queues of the plain path and of the browser.
import { createHash } from 'node:crypto';
import type { RobotsPolicy } from '../web/robots.ts';
import { crawlScope, type Scope } from './links.ts';
import type { WebsiteResult } from './website-types.ts';

export interface FrontierOptions {
  robots: RobotsPolicy;
  pageBudget: number;
  hostDelayMs: number;
}

export class CrawlFrontier {
  /** The artist's part of the web: the pages their images may be on. */
  readonly scope: Scope;
  /** Pages for the plain path's next round. */
  readonly plainQueue: string[] = [];
  /** Pages for the browser, with why the plain read was not enough. */
  readonly browserQueue: { url: string; why: string }[] = [];
  /** Pause between two pages of one host: the configured one, or more if robots.txt asks. */
  delayMs: number;
  readonly #options: FrontierOptions;
  readonly #skipped: WebsiteResult['skipped'];
  /** Every in-scope page known of, admitted or not. */
  readonly #found = new Set<string>();
  /** Pages admitted (or reached by a redirect): each is read once. */
  readonly #seen = new Set<string>();
  /** Pages that are a page read, under another URL. */
  readonly #sameAs = new Set<string>();
  /** The first URL of each page content read. */
  readonly #contents = new Map<string, string>();

  /** A frontier for the sites at `startUrls`; `skipped` hears each page not read, and why. */
  constructor(startUrls: string[], options: FrontierOptions, skipped: WebsiteResult['skipped']) {
    this.scope = crawlScope(startUrls);
    this.#options = options;
    this.#skipped = skipped;
    this.delayMs = options.hostDelayMs;
  }

  /** Notes an in-scope page known of (a sitemap's) without admitting it. */
  know(url: string): void {
    this.#found.add(url);
  }

  /** Whether `url` may be visited: scope, budget, robots.txt; records why not. */
  async admit(url: string): Promise<boolean> {
    if (this.#seen.has(url) || !this.scope.includes(url)) return false;
    this.#found.add(url);
    if (this.#seen.size >= this.#options.pageBudget) return false;
    this.#seen.add(url);
    const verdict = await this.#options.robots.check(url);
    if (verdict.crawlDelayMs !== undefined)
      this.delayMs = Math.max(this.delayMs, verdict.crawlDelayMs);
    if (!verdict.allowed) {
      this.#skipped.push({ url, reason: verdict.reason ?? 'robots.txt disallows it' });
      return false;
    }
    return true;
  }

  /** The admitted ones of `urls`, for a running crawl. */
  async admitted(urls: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const url of urls) if (await this.admit(url)) out.push(url);
    return out;
  }

  /** Queues the admitted ones of `urls` for the plain path's next round. */
  async enqueue(urls: string[]): Promise<void> {
    this.plainQueue.push(...(await this.admitted(urls)));
  }

  /** Whether `url` was admitted or reached. */
  hasSeen(url: string): boolean {
    return this.#seen.has(url);
  }

  /**
   * Whether the page `requested`, which ended at `url` after redirects, is to be read: not when
   * the redirect leaves the scope or reaches a page read already; nor when its `html` is a page
   * read already under another URL (`/` and `/index.html`).
   */
  arrive(url: string, requested: string, html: string): boolean {
    if (url !== requested) {
      if (!this.scope.includes(url)) {
        this.#skipped.push({ url: requested, reason: `redirects to ${url}, outside the scope` });
        return false;
      }
      if (this.#seen.has(url)) {
        this.#skipped.push({ url: requested, reason: `redirects to ${url}, read already` });
        this.#sameAs.add(requested);
        return false;
      }
      this.#seen.add(url);
    }
    const digest = createHash('sha256').update(html).digest('hex');
    const first = this.#contents.get(digest);
    if (first) {
      this.#skipped.push({ url, reason: `the same page as ${first}` });
      this.#sameAs.add(url);
      return false;
    }
    this.#contents.set(digest, url);
    return true;
  }

  /**
   * Every in-scope page known of, read or not; a page that is another under a second URL
   * (`/index.html`), or redirects to one read, was read: it is not a page left unread.
   */
  pagesFound(): string[] {
    return [...this.#found].filter((url) => !this.#sameAs.has(url));
  }

  /** Cut short: the budget was spent while pages it knew of were left unread. */
  truncated(pagesFound: string[]): boolean {
    return (
      this.#seen.size >= this.#options.pageBudget && pagesFound.some((url) => !this.#seen.has(url))
    );
  }
}
