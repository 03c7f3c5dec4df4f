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
export function portfolioLinks(html: string | cheerio.CheerioAPI, pageUrl: string): string[] {
  const $ = typeof html === 'string' ? cheerio.load(html) : html;
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

/** Pages whose links and images belong to the artist: the whole site, or one artist's part. */
export interface Scope {
  /** Whether `url` is a page of the artist's. */
  includes(url: string): boolean;
  /** How the scope reads, for the report. */
  describe(): string;
  /** The front pages of the studio sites an artist's part lies in (none for a whole site). */
  homes(): string[];
}

/**
 * The scope of a crawl that starts at `startUrls`. A start at a site's root (or its index
 * page) takes the whole site; a start deeper in (`/artists/ana/`, `/portfolio/micah.html`) is
 * one artist's page on a studio's site: the crawl keeps to that page and the pages under it
 * (`/artists/ana/flash/`, `/portfolio/micah/healed.html`), never a sibling artist's page. A
 * start at page 1 of a paginated gallery (`/gallery/page/1/`) takes the gallery's pages.
 */
export function crawlScope(startUrls: string[]): Scope {
  const roots = startUrls.map((start) => {
    const url = new URL(start);
    const stem = url.pathname
      .replace(/\/(?:index|default)\.[a-z]+$/i, '/')
      .replace(/\.[a-z0-9]+$/i, '')
      .replace(/\/+$/, '')
      // Page 1 of a paginated gallery stands for the gallery: its page 2 is in scope.
      .replace(/\/page\/\d+$/i, '');
    // `/artist.php?id=3`, `/?page_id=42`: the query names the artist's page.
    const params = [...url.searchParams].filter(
      ([name]) => !/^(?:page|paged|p|utm_\w+)$/i.test(name),
    );
    return { host: url.hostname, stem, params, path: url.pathname, start: url.toString() };
  });
  return {
    includes: (raw) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return false;
      }
      return roots.some((root) => {
        if (!sameSite(root.host, url.hostname)) return false;
        if (url.toString() === root.start) return true;
        if (root.params.length > 0)
          return (
            url.pathname === root.path &&
            root.params.every(([name, value]) => url.searchParams.get(name) === value)
          );
        return (
          root.stem === '' ||
          url.pathname === root.stem ||
          url.pathname.startsWith(`${root.stem}/`) ||
          url.pathname.startsWith(`${root.stem}.`)
        );
      });
    },
    homes: () => [
      ...new Set(
        roots
          .filter((root) => root.stem !== '' || root.params.length > 0)
          .map((root) => new URL('/', root.start).toString()),
      ),
    ],
    describe: () =>
      roots
        .map((root) =>
          root.stem === '' ? `all of ${root.host}` : `${root.host}${root.stem} and below`,
        )
        .join(', '),
  };
}
