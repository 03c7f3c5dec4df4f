// An artist's pages answered from the data: what the pages function serves when the site bucket
// has no page written for the address (architecture.md §1.0), and what the writer stores. An
// address that names no artist, or a page past the portfolio's end, answers 404 with a page
// that leads back to the directory; an artist taken down answers 410. Work per request is
// bounded: a page number is at most MAX_PAGE_NUMBER, each page before it one Query.
import { readArtistPage } from '../api/artist-api.ts';
import type { Catalog, PageKey } from '../api/catalog.ts';
import { DEFAULT_PAGE_SIZE } from '../api/contract.ts';
import { SLUG_PATTERN } from '../vocabulary/identifiers.ts';
import { artistPageHtml, artistPath, type SiteInfo } from './artist-page.ts';
import { notFoundPageHtml } from './not-found-page.ts';
import { pageHeaders } from './page-headers.ts';

/** Portfolio images per page: the API's page. */
export const PAGE_SIZE = DEFAULT_PAGE_SIZE;
/** The last page number answered: reading page n costs n Queries. */
export const MAX_PAGE_NUMBER = 100;

/** A page's answer, as the pages function and the local edge send it. */
export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A page from the data changes when the data does: kept briefly, then asked for again. */
const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';
const NOT_FOUND_CACHE_CONTROL = 'public, max-age=60';

/** A page number is written one way only: no leading zero, so one page has one address. */
const ARTIST_ROUTE = /^\/artists\/([^/]+)\/(?:page\/([1-9]\d{0,5})\/)?$/;

function gone(site: SiteInfo): PageResponse {
  return {
    status: 410,
    headers: pageHeaders(NOT_FOUND_CACHE_CONTROL),
    body: notFoundPageHtml(
      site,
      'This page was taken down',
      'The artist asked for their page to be taken down.',
    ),
  };
}

function notFound(site: SiteInfo, message: string): PageResponse {
  return {
    status: 404,
    headers: pageHeaders(NOT_FOUND_CACHE_CONTROL),
    body: notFoundPageHtml(site, 'No artist here', message),
  };
}

/**
 * The page at `path` (`/artists/<slug>/` or `/artists/<slug>/page/<n>/`), rendered from the
 * catalog; `/page/1/` is answered 301 to the artist's page.
 * @throws what the catalog throws (DynamoDB unreachable): the caller answers 5xx.
 */
export async function handlePageRequest(
  catalog: Catalog,
  path: string,
  site: SiteInfo,
  now: number,
): Promise<PageResponse> {
  const match = ARTIST_ROUTE.exec(path);
  const slug = match?.[1];
  if (!match || !slug || !SLUG_PATTERN.test(slug))
    return notFound(site, 'This address does not match any artist.');
  const pageNumber = match[2] === undefined ? 1 : Number(match[2]);
  if (pageNumber === 1 && match[2] !== undefined) {
    return {
      status: 301,
      headers: { ...pageHeaders(PAGE_CACHE_CONTROL), location: artistPath(slug) },
      body: '',
    };
  }
  if (pageNumber > MAX_PAGE_NUMBER)
    return notFound(site, 'This page of the portfolio does not exist.');
  // Gone on purpose (a takedown) is not the same as never here: 410 tells search engines to
  // drop the address at once. Asked first: a takedown under way already answers 410.
  if (await catalog.takenDownAt(slug)) return gone(site);
  // The pages before this one are skipped with one Query each; this one is read whole.
  let after: PageKey | undefined;
  for (let n = 1; n < pageNumber; n++) {
    const skipped = await catalog.listImages(slug, PAGE_SIZE, after);
    if (!skipped.next) return notFound(site, 'This page of the portfolio does not exist.');
    after = skipped.next;
  }
  const page = await readArtistPage(catalog, slug, PAGE_SIZE, after);
  if (!page) return notFound(site, 'This address does not match any artist.');
  const body = artistPageHtml(
    {
      page,
      pageNumber,
      previousPath: pageNumber > 1 ? artistPath(slug, pageNumber - 1) : undefined,
      nextPath:
        page.nextCursor && pageNumber < MAX_PAGE_NUMBER
          ? artistPath(slug, pageNumber + 1)
          : undefined,
      now,
    },
    site,
  );
  return { status: 200, headers: pageHeaders(PAGE_CACHE_CONTROL), body };
}
