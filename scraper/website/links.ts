// Which links of a studio's page lead to more portfolio: same site, likely gallery pages first.
import * as cheerio from 'cheerio';

const PORTFOLIO_WORDS =
  /galler|portfolio|work|artist|tattoo|flash|project|healed|photo|page\/\d|[?&]page=\d/i;
const NOT_PAGES = /\.(?:jpe?g|png|gif|webp|avif|svg|pdf|zip|mp4|mov|css|js)(?:$|\?)/i;

/** Hosts counted as the same site as `host` (with and without `www.`). */
export function sameSite(host: string, other: string): boolean {
  const bare = (h: string) => h.toLowerCase().replace(/^www\./, '');
  return bare(host) === bare(other);
}

/**
 * Same-site page links of `html`, portfolio-looking ones first (by their URL or their text,
 * and `rel=next`), without fragments, each once.
 */
export function portfolioLinks(html: string, pageUrl: string): string[] {
  const $ = cheerio.load(html);
  const page = new URL(pageUrl);
  const likely: string[] = [];
  const others: string[] = [];
  $('a[href]').each((_, element) => {
    const anchor = $(element);
    let url: URL;
    try {
      url = new URL(anchor.attr('href') ?? '', page);
    } catch {
      return;
    }
    url.hash = '';
    if (
      !/^https?:$/.test(url.protocol) ||
      !sameSite(url.hostname, page.hostname) ||
      NOT_PAGES.test(url.pathname)
    )
      return;
    const text = `${url.pathname}${url.search} ${anchor.text()} ${anchor.attr('rel') ?? ''}`;
    (PORTFOLIO_WORDS.test(text) || /\bnext\b/i.test(text) ? likely : others).push(url.toString());
  });
  return [...new Set([...likely, ...others])].filter((url) => url !== page.toString());
}
