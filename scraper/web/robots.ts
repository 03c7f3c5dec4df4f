// robots.txt per origin, cached, read as RFC 9309 says: a missing file (4xx) allows all, an
// unreachable one (5xx, network error) disallows all, Crawl-delay is honoured, and its Sitemap
// lines are kept for sitemap discovery.
import robotsParser from 'robots-parser';
import { readCapped } from './read-capped.ts';
import { canonicalTarget, prepareRobotsTxt } from './robots-rfc9309.ts';

/** How long a robots.txt may take, answer and body. */
const ROBOTS_TIMEOUT_MS = 15_000;

/** RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt file. */
const MAX_ROBOTS_BYTES = 500 * 1024;

export interface RobotsVerdict {
  allowed: boolean;
  /** The pause this site asks for between requests, if any. */
  crawlDelayMs?: number;
  /** Why a URL is not allowed, for the scrape report. */
  reason?: string;
}

type Rules =
  | { kind: 'parsed'; robot: ReturnType<typeof robotsParser>; sitemaps: string[] }
  | { kind: 'allow-all' }
  | { kind: 'disallow-all'; why: string };

export interface RobotsOptions {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** The product token matched against User-agent lines. */
  userAgentToken: string;
  /** How long a robots.txt answer is kept (RFC 9309: no more than 24 hours). */
  cacheMs?: number;
  now?: () => number;
}

export class RobotsPolicy {
  private readonly cache = new Map<string, { rules: Promise<Rules>; fetchedAt: number }>();

  constructor(private readonly options: RobotsOptions) {}

  /**
   * Whether `url` may be fetched, and the origin's Crawl-delay.
   * @throws {TypeError} when `url` is not an absolute URL.
   */
  async check(url: string): Promise<RobotsVerdict> {
    const target = new URL(url);
    const rules = await this.rules(target.origin);
    if (rules.kind === 'allow-all') return { allowed: true };
    if (rules.kind === 'disallow-all') return { allowed: false, reason: rules.why };
    // RFC 9309 §2.2.2: "The /robots.txt URI is implicitly allowed", whatever the rules say.
    if (target.pathname === '/robots.txt') return { allowed: true };
    const token = this.options.userAgentToken;
    const delay = rules.robot.getCrawlDelay(token);
    const crawlDelayMs = delay === undefined ? undefined : Math.min(delay, 60) * 1000;
    const allowed = rules.robot.isAllowed(target.origin + canonicalTarget(target), token) !== false;
    return {
      allowed,
      ...(crawlDelayMs !== undefined && { crawlDelayMs }),
      ...(!allowed && { reason: `robots.txt of ${target.origin} disallows it` }),
    };
  }

  /**
   * The absolute URLs of the `Sitemap:` lines of the robots.txt of `originOrUrl`'s origin, in
   * file order without repeats (relative ones resolved against the robots.txt URL, other hosts
   * kept, anything but http(s) left out); none when the file is missing or unreachable. Shares
   * check()'s cache: one robots.txt request serves both.
   * @throws {TypeError} when `originOrUrl` is not an absolute URL.
   */
  async sitemaps(originOrUrl: string): Promise<string[]> {
    const rules = await this.rules(new URL(originOrUrl).origin);
    return rules.kind === 'parsed' ? [...rules.sitemaps] : [];
  }

  /** The origin's robots.txt rules, from the cache while they are fresh. */
  private rules(origin: string): Promise<Rules> {
    const now = (this.options.now ?? Date.now)();
    let cached = this.cache.get(origin);
    if (!cached || now - cached.fetchedAt > (this.options.cacheMs ?? 24 * 3600 * 1000)) {
      cached = { rules: this.load(origin), fetchedAt: now };
      this.cache.set(origin, cached);
    }
    return cached.rules;
  }

  private async load(origin: string): Promise<Rules> {
    const robotsUrl = `${origin}/robots.txt`;
    const unreachable = (error: unknown): Rules => ({
      kind: 'disallow-all',
      why: `robots.txt of ${origin} is unreachable (${describe(error)}): disallow all`,
    });
    let response: Response;
    try {
      // One deadline for the answer and its body: a robots.txt that drips is unreachable.
      response = await this.options.fetch(robotsUrl, {
        redirect: 'follow',
        signal: AbortSignal.timeout(ROBOTS_TIMEOUT_MS),
      });
    } catch (error) {
      return unreachable(error);
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      return {
        kind: 'disallow-all',
        why: `robots.txt of ${origin} answered ${response.status}: disallow all`,
      };
    }
    if (response.status >= 400) {
      await response.body?.cancel();
      return { kind: 'allow-all' };
    }
    try {
      const text = await readCapped(response, MAX_ROBOTS_BYTES);
      const prepared = prepareRobotsTxt(text);
      return {
        kind: 'parsed',
        robot: robotsParser(robotsUrl, prepared.rules),
        sitemaps: absoluteSitemaps(prepared.sitemaps, response.url || robotsUrl),
      };
    } catch (error) {
      return unreachable(error);
    }
  }
}

/** Sitemap values as absolute http(s) URLs, once each, in file order. */
function absoluteSitemaps(values: string[], base: string): string[] {
  const urls = new Set<string>();
  for (const value of values) {
    const url = URL.parse(value, base);
    if (url && (url.protocol === 'https:' || url.protocol === 'http:')) urls.add(url.href);
  }
  return [...urls];
}

function describe(error: unknown): string {
  const messages: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause)
    messages.push(current.message);
  return messages.join(': ') || String(error);
}
