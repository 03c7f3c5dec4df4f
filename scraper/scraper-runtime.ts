// Wires the scraper's parts from its configuration: one guarded HTTP client with our
// User-Agent, robots.txt, per-host scheduling, the Instagram source and the browser.
import { fetch as undiciFetch } from 'undici';
import { ROBOTS_TOKEN, type ScraperConfig, userAgent } from './config.ts';
import { InstagramGraphSource } from './instagram/graph-source.ts';
import type { InstagramSource } from './instagram/instagram-post.ts';
import { InstagramWebSource } from './instagram/web-source.ts';
import type { ScrapeDependencies } from './scrape-artist.ts';
import type { ImageSink } from './storage/image-sink.ts';
import { CHROME_BASE_ARGS, findChrome } from './web/chrome.ts';
import type { FetchLike } from './web/download.ts';
import { HostScheduler } from './web/host-scheduler.ts';
import { RobotsPolicy } from './web/robots.ts';
import { type Resolver, SsrfGuard } from './web/ssrf-guard.ts';

export interface Scraper {
  deps: (sink: ImageSink) => ScrapeDependencies;
  close(): Promise<void>;
}

/**
 * The scraper for `config`.
 * @throws {Error} when no Chromium can be found (see findChrome).
 */
export function createScraper(
  config: ScraperConfig,
  options: { instagramRetryDelayMs?: number; resolve?: Resolver } = {},
): Scraper {
  const guard = new SsrfGuard(config.allowPrivateHosts, options.resolve);
  const dispatcher = guard.dispatcher({ connectTimeout: 10_000 });
  const agent = userAgent(config);
  const fetch: FetchLike = (url, init) => {
    const headers = new Headers(init.headers);
    headers.set('user-agent', agent);
    return undiciFetch(url, {
      ...(init as object),
      headers,
      dispatcher,
    } as never) as unknown as Promise<Response>;
  };
  const robots = new RobotsPolicy({ fetch, userAgentToken: ROBOTS_TOKEN });
  const scheduler = new HostScheduler(config.hostDelayMs);
  // Instagram's endpoints are paced like any other host: one request at a time, with a pause.
  const paced: FetchLike = (url, init) => scheduler.run(url, () => fetch(url, init));
  const request = {
    fetch: paced,
    userAgent: agent,
    minDelayMs: options.instagramRetryDelayMs ?? 2000,
  };
  const instagram: InstagramSource = config.graph
    ? new InstagramGraphSource(config.graph, request)
    : new InstagramWebSource(config.instagramBaseUrl, request);
  const chrome = {
    executablePath: findChrome(config.chromePath),
    args: [...CHROME_BASE_ARGS, ...config.chromeArgs],
  };
  return {
    deps: (sink) => ({
      fetch,
      robots,
      scheduler,
      download: config.download,
      website: {
        guard,
        userAgent: agent,
        pageBudget: config.pageBudget,
        hostDelayMs: config.hostDelayMs,
        chrome,
      },
      instagram,
      sink,
    }),
    close: () => dispatcher.close(),
  };
}
