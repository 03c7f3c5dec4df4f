// Pages written on change (architecture.md §1.0): an artist's pages rendered from the data and
// stored in the site bucket as plain objects, the CDN serving them until their paths are
// invalidated; pages the portfolio no longer reaches, and every page of an artist who is gone,
// are deleted. What to invalidate is returned.
import type { S3Client } from '@aws-sdk/client-s3';
import { imagesAfter, readArtistPage } from '../api/artist-api.ts';
import type { Catalog } from '../api/catalog.ts';
import { deleteObjects, listObjects, putObject } from '../store/object-store.ts';
import { artistPageHtml, artistPath, type SiteInfo } from './artist-page.ts';
import { MAX_PAGE_NUMBER, PAGE_SIZE } from './page-service.ts';

/**
 * How a written page is cached: the CDN keeps it until it is invalidated (a change writes it
 * again and invalidates its path); a browser asks again after a minute.
 */
export const WRITTEN_PAGE_CACHE_CONTROL = 'public, max-age=60, s-maxage=31536000';

export interface PageWriterOptions {
  s3: S3Client;
  /** The site bucket. */
  bucket: string;
  catalog: Catalog;
  site: SiteInfo;
  now?: () => number;
}

/** What writing an artist's pages did, by path. */
export interface WrittenPages {
  written: string[];
  deleted: string[];
  /** The CDN paths to invalidate: every path written or deleted. */
  invalidate: string[];
}

/** The object key a page's path is stored under (`/artists/a/` → `artists/a/index.html`). */
export function pageKey(path: string): string {
  return `${path.replace(/^\//, '')}index.html`;
}

/** `artists/a/page/2/index.html` → `/artists/a/page/2/`. */
const pathOfKey = (key: string) => `/${key.replace(/index\.html$/, '')}`;

/**
 * Writes every page of the artist `slug` (at most MAX_PAGE_NUMBER) and deletes the ones the
 * portfolio no longer reaches; for an artist not registered (taken down, removed), deletes
 * them all.
 * @throws what S3 or DynamoDB throw; pages written before stay (the next change writes again).
 */
export async function writeArtistPages(
  options: PageWriterOptions,
  slug: string,
): Promise<WrittenPages> {
  const { s3, bucket, catalog, site } = options;
  const now = options.now?.() ?? Date.now();
  const written: string[] = [];
  // An artist taken down (or being taken down) is gone, whatever is left of their records.
  let page = (await catalog.takenDownAt(slug))
    ? undefined
    : await readArtistPage(catalog, slug, PAGE_SIZE);
  for (let pageNumber = 1; page && pageNumber <= MAX_PAGE_NUMBER; pageNumber++) {
    const path = artistPath(slug, pageNumber);
    const more = page.nextCursor !== undefined && pageNumber < MAX_PAGE_NUMBER;
    const html = artistPageHtml(
      {
        page,
        pageNumber,
        previousPath: pageNumber > 1 ? artistPath(slug, pageNumber - 1) : undefined,
        nextPath: more ? artistPath(slug, pageNumber + 1) : undefined,
        now,
      },
      site,
    );
    await putObject(s3, {
      bucket,
      key: pageKey(path),
      body: new TextEncoder().encode(html),
      contentType: 'text/html; charset=utf-8',
      cacheControl: WRITTEN_PAGE_CACHE_CONTROL,
    });
    written.push(path);
    if (!more || !page.nextCursor) break;
    page = await readArtistPage(catalog, slug, PAGE_SIZE, imagesAfter(slug, page.nextCursor));
  }
  const kept = new Set(written.map(pageKey));
  const stale = (await listObjects(s3, bucket, `artists/${slug}/`))
    .map((object) => object.key)
    .filter((key) => !kept.has(key));
  await deleteObjects(s3, bucket, stale);
  const deleted = stale.map(pathOfKey);
  return { written, deleted, invalidate: [...written, ...deleted] };
}
