// What search engines read to find every page: /sitemap.xml, an index over the artists'
// sitemaps (each artist's page with its portfolio images as <image:image> entries) and the
// directory's (the home page, each city, each style, each city and style); and /robots.txt,
// which names the index. Written by the `sitemap` package; within the protocol's limits.
import { Readable } from 'node:stream';
import { SitemapIndexStream, SitemapStream, streamToPromise } from 'sitemap';
import type { Style } from '../vocabulary/styles.ts';
import { artistPath, type SiteInfo } from './artist-page.ts';
import { directoryPath } from './directory-page.ts';
import { PAGE_SIZE } from './page-service.ts';

/** Artists per sitemap file: with a page of images each, a file stays far under 50 MB. */
export const ARTISTS_PER_SITEMAP = 1_000;
/** The protocol's limits: URLs per sitemap (and sitemaps per index), images per page. */
export const MAX_URLS_PER_SITEMAP = 50_000;
export const MAX_IMAGES_PER_PAGE = 1_000;

/** An artist's page as the sitemap lists it. */
export interface ArtistSitemapEntry {
  slug: string;
  /** When what the page shows last changed (ISO 8601). */
  lastmod?: string | undefined;
  /** The page's images (their URLs, root-relative or absolute). */
  images: readonly string[];
}

/** Where the n-th artists' sitemap (from 1) and the directory's are served. */
export const sitemapPaths = {
  index: '/sitemap.xml',
  artists: (n: number) => `/sitemaps/artists-${n}.xml`,
  directory: '/sitemaps/directory.xml',
} as const;

/** A lastmod the protocol takes (W3C datetime), or none: one bad date must not sink a file. */
const validDate = (value: string | undefined) =>
  value !== undefined && Number.isFinite(Date.parse(value)) ? value : undefined;

const EMPTY_URLSET =
  '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>';

async function urlSet(
  site: SiteInfo,
  urls: { url: string; lastmod?: string | undefined; img?: { url: string }[] }[],
): Promise<string> {
  if (urls.length > MAX_URLS_PER_SITEMAP)
    throw new Error(
      `Expected at most ${MAX_URLS_PER_SITEMAP} URLs in one sitemap but received ${urls.length}`,
    );
  // The package refuses to write an empty sitemap; a directory without artists has one.
  if (urls.length === 0) return EMPTY_URLSET;
  const stream = new SitemapStream({
    hostname: site.origin,
    xmlns: { news: false, xhtml: false, image: true, video: false },
  });
  return (await streamToPromise(Readable.from(urls).pipe(stream))).toString('utf8');
}

/**
 * One artists' sitemap: each artist's page with the images it shows (a page's worth: the first
 * PAGE_SIZE), so a file of ARTISTS_PER_SITEMAP artists stays a few megabytes.
 * @throws {Error} over ARTISTS_PER_SITEMAP entries.
 */
export function artistsSitemapXml(
  site: SiteInfo,
  entries: readonly ArtistSitemapEntry[],
): Promise<string> {
  if (entries.length > ARTISTS_PER_SITEMAP)
    return Promise.reject(
      new Error(
        `Expected at most ${ARTISTS_PER_SITEMAP} artists in one sitemap but received ${entries.length}`,
      ),
    );
  return urlSet(
    site,
    entries.map((entry) => ({
      url: artistPath(entry.slug),
      ...(validDate(entry.lastmod) && { lastmod: entry.lastmod }),
      img: entry.images.slice(0, Math.min(PAGE_SIZE, MAX_IMAGES_PER_PAGE)).map((url) => ({ url })),
    })),
  );
}

/** The directory's sitemap: the home page, each city, each style, each city and style. */
export function directorySitemapXml(
  site: SiteInfo,
  pages: readonly { city?: string | undefined; style?: Style | undefined; lastmod?: string }[],
): Promise<string> {
  return urlSet(
    site,
    [{}, ...pages].map((page) => ({
      url: directoryPath(page),
      ...('lastmod' in page && validDate(page.lastmod) && { lastmod: page.lastmod }),
    })),
  );
}

/**
 * The index: each sitemap's absolute URL and when it last changed.
 * @throws {Error} over MAX_URLS_PER_SITEMAP sitemaps.
 */
export async function sitemapIndexXml(
  site: SiteInfo,
  sitemaps: readonly { path: string; lastmod?: string | undefined }[],
): Promise<string> {
  if (sitemaps.length > MAX_URLS_PER_SITEMAP)
    throw new Error(
      `Expected at most ${MAX_URLS_PER_SITEMAP} sitemaps in the index but received ${sitemaps.length}`,
    );
  const items = sitemaps.map((sitemap) => ({
    url: new URL(sitemap.path, site.origin).href,
    ...(validDate(sitemap.lastmod) && { lastmod: sitemap.lastmod }),
  }));
  return (await streamToPromise(Readable.from(items).pipe(new SitemapIndexStream()))).toString(
    'utf8',
  );
}

/** robots.txt: everything but the API may be crawled; the sitemap index is named. */
export function robotsTxt(site: SiteInfo): string {
  return `User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: ${new URL(sitemapPaths.index, site.origin).href}\n`;
}
