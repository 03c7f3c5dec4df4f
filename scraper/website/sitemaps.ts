// Gallery pages a site lists in its sitemaps (robots.txt `Sitemap:` lines, else /sitemap.xml),
// read through the scraper's own guarded fetch and parsed by Crawlee's sitemap parser.
import { parseSitemap } from '@crawlee/utils';
import type { FetchLike } from '../web/download.ts';
import { readCapped } from '../web/read-capped.ts';
import type { RobotsPolicy } from '../web/robots.ts';
import { absoluteUrl } from './urls.ts';

/** Sitemaps read per site at most (an index and its children), and the URLs kept from them. */
const MAX_SITEMAPS = 10;
const MAX_URLS = 2000;
/** A sitemap file is read up to 10 MB (the protocol allows 50 MB uncompressed; galleries need far less). */
const MAX_SITEMAP_BYTES = 10 * 1024 * 1024;

export interface SitemapPages {
  urls: string[];
  /** Sitemaps that could not be read, and why. */
  errors: { url: string; reason: string }[];
}

/**
 * The page URLs listed by the sitemaps of `origin`: those its robots.txt names, else
 * `/sitemap.xml`; nested sitemap indexes are followed up to MAX_SITEMAPS files.
 */
export async function sitemapPages(
  origin: string,
  options: { fetch: FetchLike; robots: RobotsPolicy },
): Promise<SitemapPages> {
  const listed = await options.robots.sitemaps(origin);
  const queue = listed.length > 0 ? [...listed] : [new URL('/sitemap.xml', origin).toString()];
  const seen = new Set<string>();
  const urls = new Set<string>();
  const errors: SitemapPages['errors'] = [];
  while (queue.length > 0 && seen.size < MAX_SITEMAPS && urls.size < MAX_URLS) {
    const url = queue.shift() as string;
    if (seen.has(url)) continue;
    seen.add(url);
    if (!(await options.robots.check(url)).allowed) continue;
    let content: string;
    try {
      const response = await options.fetch(url, {
        signal: AbortSignal.timeout(20_000),
        headers: { accept: 'application/xml,text/xml;q=0.9,*/*;q=0.5' },
        redirect: 'follow',
      });
      if (!response.ok) {
        await response.body?.cancel();
        // No sitemap where none was promised is no error; a server failing to answer is.
        if (listed.includes(url) || response.status >= 500 || response.status === 429)
          errors.push({ url, reason: `The server answered ${response.status}` });
        continue;
      }
      content = await readCapped(response, MAX_SITEMAP_BYTES);
    } catch (error) {
      errors.push({ url, reason: (error as Error).message });
      continue;
    }
    if (!/<(?:urlset|sitemapindex)\b/i.test(content)) continue;
    try {
      // maxDepth 0: the parser reads only this file; nested sitemaps come back to this loop.
      for await (const item of parseSitemap([{ type: 'raw', content }], undefined, {
        maxDepth: 0,
        emitNestedSitemaps: true,
        reportNetworkErrors: false,
      })) {
        const loc = absoluteUrl(item.loc, url);
        if (!loc) continue;
        if (item.originSitemapUrl === null) queue.push(loc);
        else if (urls.size < MAX_URLS) urls.add(loc);
      }
    } catch (error) {
      errors.push({ url, reason: `Malformed sitemap: ${(error as Error).message}` });
    }
  }
  return { urls: [...urls], errors };
}
