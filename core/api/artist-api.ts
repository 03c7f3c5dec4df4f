// The artist API's core: a request (method, path, query, headers) in, a response out. Routes
// and validation per the public contract; newest images first; opaque cursors that cannot
// reach outside the asked collection; short edge caching with stale-while-revalidate; ETags.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Artist, Booking } from '../artists/artists.ts';
import { cityKey, type DirectoryFilter, filterName } from '../artists/directory-index.ts';
import type { OkImageRecord } from '../images/image-records.ts';
import { type ImageFormat, PRECOMPUTED_FORMATS, type PrecomputedFormat } from '../images/ladder.ts';
import { variantKey } from '../images/object-keys.ts';
import type { SourceSync } from '../sources/source-syncs.ts';
import { itemKeyPatterns, itemKeys, TABLE } from '../store/table-schema.ts';
import { SLUG_PATTERN } from '../vocabulary/identifiers.ts';
import { STYLES, type Style, stylesOf } from '../vocabulary/styles.ts';
import type { Catalog, PageKey } from './catalog.ts';
import {
  API_QUERY_PARAMETERS,
  type ArtistPage,
  type ArtistSummary,
  type ArtistsPage,
  type BookingView,
  type CitiesPage,
  DEFAULT_PAGE_SIZE,
  DIRECTORY_FILTERS,
  type ImageView,
  MAX_PAGE_SIZE,
  type SyncView,
} from './contract.ts';
import { openApiDocument } from './openapi.ts';

export interface ApiRequest {
  method: string;
  /** The path without the query string, e.g. `/api/artists/ana-ink`. */
  path: string;
  query: Record<string, string | undefined>;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
}

export interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Fresh for a minute at the edge and in browsers; served stale while revalidating for ten. */
export const API_CACHE_CONTROL = 'public, max-age=60, s-maxage=60, stale-while-revalidate=600';
/** A 404 may become a 200 when an artist is registered: cached briefly. */
const NOT_FOUND_CACHE_CONTROL = 'public, max-age=30';
/** A malformed request stays malformed. */
const BAD_REQUEST_CACHE_CONTROL = 'public, max-age=3600';

/** A city as a visitor may write it: letters, digits, spaces, hyphens, apostrophes, periods. */
const CITY_TEXT = /^[\p{L}\p{M}\p{N}' .-]+$/u;
const MAX_CITY_LENGTH = 120;

/** The width of the `<img src>` fallback rung. */
const FALLBACK_SLOT = 640;
/** Alt text is cut at about this many characters (screen readers read it whole). */
const MAX_ALT_LENGTH = 125;

const ROUTES = {
  openApi: new URLPattern({ pathname: '/api/openapi.json' }),
  cities: new URLPattern({ pathname: '/api/cities{/}?' }),
  artists: new URLPattern({ pathname: '/api/artists{/}?' }),
  artist: new URLPattern({ pathname: '/api/artists/:slug{/}?' }),
};

class BadRequest extends Error {}

/** Handles one request; only catalog (DynamoDB) errors are thrown. */
export async function handleApiRequest(
  catalog: Catalog,
  request: ApiRequest,
): Promise<ApiResponse> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return json(405, { error: `${request.method} is not allowed; use GET` }, 'no-store', {
      allow: 'GET, HEAD',
    });
  }
  try {
    const unknown = Object.keys(request.query).filter(
      (name) => !(API_QUERY_PARAMETERS as readonly string[]).includes(name),
    );
    if (unknown.length > 0) {
      throw new BadRequest(
        `Unknown query parameter ${JSON.stringify(unknown[0]?.slice(0, 40))}; the API takes ${API_QUERY_PARAMETERS.join(', ')}`,
      );
    }
    for (const [route, name] of [
      [ROUTES.openApi, '/api/openapi.json'],
      [ROUTES.cities, '/api/cities'],
    ] as const) {
      const given = Object.keys(request.query);
      if (route.test({ pathname: request.path }) && given.length > 0) {
        throw new BadRequest(`${name} takes no query parameters (got ${given[0]})`);
      }
    }
    if (ROUTES.openApi.test({ pathname: request.path })) {
      return cached(request, openApiDocument());
    }
    if (ROUTES.cities.test({ pathname: request.path })) {
      const page: CitiesPage = { cities: await catalog.listCities() };
      return cached(request, page);
    }
    if (ROUTES.artists.test({ pathname: request.path })) {
      const canonical = canonicalCityQuery(request.query);
      if (canonical !== undefined) {
        // One address per city, so spellings cannot each cost a query past the cache.
        return json(301, { error: `The city is ${canonical.city}` }, BAD_REQUEST_CACHE_CONTROL, {
          location: `/api/artists?${new URLSearchParams(canonical)}`,
        });
      }
      return cached(request, await artistsPage(catalog, request));
    }
    const slug = ROUTES.artist.exec({ pathname: request.path })?.pathname.groups.slug;
    if (slug !== undefined) {
      if (!SLUG_PATTERN.test(slug)) {
        throw new BadRequest(`Malformed slug ${JSON.stringify(slug.slice(0, 80))}`);
      }
      const page = await artistPage(catalog, slug, request);
      if (!page) {
        return json(404, { error: `No artist ${slug}` }, NOT_FOUND_CACHE_CONTROL);
      }
      return cached(request, page);
    }
    return json(404, { error: `No route ${request.path}` }, NOT_FOUND_CACHE_CONTROL);
  } catch (error) {
    if (error instanceof BadRequest) {
      return json(400, { error: error.message }, BAD_REQUEST_CACHE_CONTROL);
    }
    throw error;
  }
}

async function artistsPage(catalog: Catalog, request: ApiRequest): Promise<ArtistsPage> {
  const filter = filterName(directoryFilter(request.query));
  const after = decodeCursor(
    request.query.cursor,
    filter === undefined ? artistsCursor : filteredArtistsCursor(filter),
  );
  const page = await catalog.listArtists(pageSize(request.query.limit), after, filter);
  const artists = await Promise.all(
    page.items.map(async ({ cover: kept, ...artist }): Promise<ArtistSummary> => {
      // The profile keeps the cover: one query for the whole page. Older profiles do not say.
      const cover = kept === undefined ? (await catalog.listImages(artist.slug, 1)).items[0] : kept;
      return {
        ...profileOf(artist),
        url: `/artists/${artist.slug}/`,
        ...(cover && { cover: imageView(artist, cover) }),
        styles: artist.styles,
      };
    }),
  );
  return { artists, ...(page.next && { nextCursor: encodeCursor(page.next) }) };
}

/**
 * The query with the city's key in place of another spelling of it ("Lyon", "LYÓN" for
 * "lyon"); undefined when the city is already its key, or absent, or malformed (400 later).
 */
function canonicalCityQuery(query: ApiRequest['query']): Record<string, string> | undefined {
  const { city } = query;
  if (city === undefined || city.length > MAX_CITY_LENGTH || !CITY_TEXT.test(city))
    return undefined;
  const key = cityKey(city);
  if (key === undefined || key === city) return undefined;
  const given = Object.entries(query).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return Object.fromEntries(given.map(([name, value]) => [name, name === 'city' ? key : value]));
}

/** What the directory is filtered by; 400 for a style not in the vocabulary or a malformed city. */
function directoryFilter(query: ApiRequest['query']): DirectoryFilter {
  const { city, style } = query;
  if (style !== undefined && !(STYLES as readonly string[]).includes(style)) {
    throw new BadRequest(
      `Unknown style ${JSON.stringify(style.slice(0, 40))}; the styles are ${STYLES.join(', ')}`,
    );
  }
  if (city === undefined) return { style: style as Style | undefined };
  const key = city.length <= MAX_CITY_LENGTH && CITY_TEXT.test(city) ? cityKey(city) : undefined;
  if (key === undefined)
    throw new BadRequest(`Malformed city ${JSON.stringify(city.slice(0, 40))}`);
  return { city: key, style: style as Style | undefined };
}

async function artistPage(
  catalog: Catalog,
  slug: string,
  request: ApiRequest,
): Promise<ArtistPage | undefined> {
  for (const name of DIRECTORY_FILTERS) {
    if (request.query[name] !== undefined) {
      throw new BadRequest(`${name} filters the directory (/api/artists), not an artist's page`);
    }
  }
  const after = decodeCursor(request.query.cursor, imagesCursor(slug));
  return readArtistPage(catalog, slug, pageSize(request.query.limit), after);
}

/**
 * An artist's profile and one page of their shown images, newest first, as the API answers it
 * and the site's pages show it; undefined for an artist nobody registered.
 */
export async function readArtistPage(
  catalog: Catalog,
  slug: string,
  limit: number,
  after?: PageKey,
): Promise<ArtistPage | undefined> {
  const [artist, images, syncs] = await Promise.all([
    catalog.getArtist(slug),
    catalog.listImages(slug, limit, after),
    catalog.listSyncs(slug),
  ]);
  if (!artist) return undefined;
  return {
    artist: {
      ...profileOf(artist),
      websites: artist.websites,
      ...optional('instagram', artist.instagram),
      ...optional('booking', artist.booking && bookingView(artist.booking)),
      // Only the sources the artist has now: a website taken off says nothing any more.
      sync: syncView(
        syncs.filter((sync) =>
          sync.source === 'instagram'
            ? sync.id === artist.instagram
            : artist.websites.includes(sync.id),
        ),
      ),
    },
    images: images.items.map((record) => imageView(artist, record)),
    ...(images.next && { nextCursor: encodeCursor(images.next) }),
  };
}

function profileOf(artist: Artist) {
  return {
    slug: artist.slug,
    name: artist.name,
    ...optional('studio', artist.studio),
    ...optional('city', artist.city),
  };
}

/** How fresh the portfolio is: the newest successful read of any source, and each source. */
export function syncView(syncs: readonly SourceSync[]): SyncView {
  const updatedAt = syncs
    .flatMap((sync) => sync.lastSuccessAt ?? [])
    .sort()
    .at(-1);
  return {
    ...optional('updatedAt', updatedAt),
    sources: syncs.map(({ complete: _complete, ...sync }) => sync),
  };
}

/** The booking the operator set, with the contact as a link (an address becomes `mailto:`). */
export function bookingView(booking: Booking): BookingView {
  const contact = booking.contact;
  return {
    ...optional('url', booking.url),
    ...(contact && {
      contact:
        contact.includes('@') && !/^https?:/i.test(contact)
          ? { href: `mailto:${contact}`, label: contact }
          : { href: contact, label: 'Contact form' },
    }),
    ...optional('open', booking.open),
    ...optional('note', booking.note),
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/**
 * An image record as the site shows it: its box, placeholder, alt text, provenance and URLs.
 * `srcset` names only variants the optimizer stored (the precomputed formats the record
 * lists), so no request the site makes for them reaches the resize function.
 */
export function imageView(artist: Artist, record: OkImageRecord): ImageView {
  const url = (slot: number, format: ImageFormat) =>
    `/${variantKey(artist.slug, record.imageId, slot, format)}`;
  const stored = (format: PrecomputedFormat) =>
    record.variants
      .filter((variant) => variant.format === format)
      .toSorted((a, b) => a.slot - b.slot);
  const srcset: ImageView['srcset'] = {};
  for (const format of PRECOMPUTED_FORMATS) {
    const variants = stored(format);
    if (variants.length > 0) {
      srcset[format] = variants.map((v) => `${url(v.slot, format)} ${v.width}w`).join(', ');
    }
  }
  const webp = stored('webp');
  const fallback = webp.find((variant) => variant.slot === FALLBACK_SLOT) ?? webp.at(-1);
  const { sourceUrl: _internal, ...provenance } = record.provenance;
  return {
    id: record.imageId,
    width: record.width,
    height: record.height,
    alt: altText(record.provenance.caption, artist.name),
    placeholder: record.placeholder,
    colour: record.colour,
    provenance,
    src: fallback ? url(fallback.slot, 'webp') : '',
    srcset,
    styles: stylesOf(record.provenance.caption),
  };
}

/**
 * Alt text from the caption: hashtags, mentions and links removed, cut at a word near
 * MAX_ALT_LENGTH; without a usable caption, who made it.
 */
export function altText(caption: string | undefined, artistName: string): string {
  const cleaned = (caption ?? '')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[#@][\p{L}\p{N}_.]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return `Tattoo by ${artistName}`;
  if (cleaned.length <= MAX_ALT_LENGTH) return cleaned;
  const cut = cleaned.slice(0, MAX_ALT_LENGTH);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_ALT_LENGTH / 2)).trimEnd()}…`;
}

function pageSize(limit: string | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  const size = Number(limit);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new BadRequest(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return size;
}

// Cursors: the page key as base64url JSON, checked on the way back in against the one shape a
// key of that collection can have, so a forged cursor cannot reach another partition.
const index = TABLE.indexes.byCollection;
const artistsCursor = z
  .object({
    [TABLE.partitionKey]: z.string().regex(itemKeyPatterns.artistPk),
    [TABLE.sortKey]: z.literal(itemKeys.profileSk),
    [index.partitionKey]: z.literal(itemKeys.artistsCollection),
    [index.sortKey]: z.string().regex(SLUG_PATTERN),
  })
  .strict();
const filteredArtistsCursor = (filter: string) =>
  z
    .object({
      [TABLE.partitionKey]: z.string().regex(itemKeyPatterns.directoryPk),
      [TABLE.sortKey]: z.literal(filter),
      [index.partitionKey]: z.literal(itemKeys.filteredArtistsCollection(filter)),
      [index.sortKey]: z.string().regex(SLUG_PATTERN),
    })
    .strict();
const imagesCursor = (slug: string) =>
  z
    .object({
      [TABLE.partitionKey]: z.literal(itemKeys.artistPk(slug)),
      [TABLE.sortKey]: z.string().regex(itemKeyPatterns.imageSk),
      [index.partitionKey]: z.literal(itemKeys.imagesCollection(slug)),
      [index.sortKey]: z.string().regex(itemKeyPatterns.imageOrder),
    })
    .strict();

/**
 * Where the next page of an artist's images starts, from the `nextCursor` a page gave.
 * @throws {Error} when the cursor is not one of that artist's image pages.
 */
export function imagesAfter(slug: string, cursor: string): PageKey | undefined {
  return decodeCursor(cursor, imagesCursor(slug));
}

export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string | undefined, shape: z.ZodType<PageKey>): PageKey | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw new Error('not base64url');
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequest('Malformed cursor');
  }
  const result = shape.safeParse(decoded);
  if (!result.success) throw new BadRequest('Malformed cursor');
  return result.data;
}

/** A 200 with the caching headers, or a 304 when the client already has this body. */
function cached(request: ApiRequest, body: unknown): ApiResponse {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
  const headers = { etag, 'cache-control': API_CACHE_CONTROL };
  const tags = request.headers['if-none-match']
    ?.split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''));
  if (tags?.includes(etag) || tags?.includes('*')) {
    return { statusCode: 304, headers, body: '' };
  }
  const response = json(200, body, API_CACHE_CONTROL, { etag }, text);
  return request.method === 'HEAD' ? { ...response, body: '' } : response;
}

function json(
  statusCode: number,
  body: unknown,
  cacheControl: string,
  extra: Record<string, string> = {},
  text = JSON.stringify(body),
): ApiResponse {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': cacheControl,
      'x-content-type-options': 'nosniff',
      ...extra,
    },
    body: text,
  };
}
