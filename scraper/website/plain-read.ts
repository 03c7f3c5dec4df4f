// The plain path: pages fetched as HTML, without a browser, through Crawlee's queue and retries
// around our guarded, capped fetch; and the one-off read of a studio's front page for its chrome.
import { BasicCrawler } from '@crawlee/basic';
import { readCapped } from '../web/read-capped.ts';
import { crawlerConfiguration, type Failed, quietLog } from './crawlee-options.ts';
import type { WebsiteOptions } from './website-types.ts';

/** The plain path: Crawlee's queue and retries; the fetch is ours (guarded, capped). */
export async function readPlain(
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

/** A page read only for what its chrome is; undefined when it is not an HTML page. */
export async function readReference(
  url: string,
  options: WebsiteOptions,
): Promise<string | undefined> {
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
