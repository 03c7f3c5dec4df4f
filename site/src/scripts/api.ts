// Reading the same-origin artist API. Failures become values, so no page can end in an
// unhandled rejection (which would surface as a console error).

/** A parsed body, or the HTTP status that stopped it (0: network or JSON failure). */
export type Fetched<T> = { ok: true; data: T } | { ok: false; status: number };

/** The request the page's inline head script started (Base.astro), used once. */
declare global {
  interface Window {
    __firstRequest?: { url: string; response: Promise<Response> } | undefined;
  }
}

function takeFirstRequest(url: string): Promise<Response> | undefined {
  const first = window.__firstRequest;
  if (first?.url !== url) return undefined;
  window.__firstRequest = undefined;
  return first.response;
}

export async function getJson<T>(url: string): Promise<Fetched<T>> {
  let response: Response;
  try {
    // Revalidate every time (an ETag makes that a 304): the browser must not reuse a profile
    // from its own cache, or a new image would not show on reload. The edge still caches.
    response = await (takeFirstRequest(url) ??
      fetch(url, { headers: { accept: 'application/json' }, cache: 'no-cache' }));
  } catch {
    return { ok: false, status: 0 };
  }
  if (!response.ok) return { ok: false, status: response.status };
  try {
    return { ok: true, data: (await response.json()) as T };
  } catch {
    return { ok: false, status: 0 };
  }
}

/** What the directory is filtered by, as its address says (`/?city=Lyon&style=blackwork`). */
export interface DirectoryFilter {
  city?: string;
  style?: string;
}

/** The filter in a page's query string; any other parameter is not the API's business. */
export function filterFrom(search: string): DirectoryFilter {
  const params = new URLSearchParams(search);
  const city = params.get('city') || undefined;
  const style = params.get('style') || undefined;
  return { ...(city && { city }), ...(style && { style }) };
}

/**
 * The query string of a filter, city first: the directory page's address, and its API request
 * (the same string Base.astro's first request builds, so that request is used, not repeated).
 */
export function filterQuery(filter: DirectoryFilter, cursor?: string): string {
  const query = new URLSearchParams();
  if (filter.city) query.set('city', filter.city);
  if (filter.style) query.set('style', filter.style);
  if (cursor !== undefined) query.set('cursor', cursor);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** GET /api/artists[?city=][&style=][&cursor=] */
export function artistsUrl(filter: DirectoryFilter = {}, cursor?: string): string {
  return `/api/artists${filterQuery(filter, cursor)}`;
}

/** GET /api/cities */
export const CITIES_URL = '/api/cities';

/** GET /api/artists/{slug}[?cursor=] */
export function artistUrl(slug: string, cursor?: string): string {
  return withCursor(`/api/artists/${encodeURIComponent(slug)}`, cursor);
}

/** The cursor is opaque: encode it whole rather than trust it to be URL-safe. */
function withCursor(path: string, cursor: string | undefined): string {
  return cursor === undefined ? path : `${path}?cursor=${encodeURIComponent(cursor)}`;
}

/**
 * The slug in `/artists/<slug>/` (or without the trailing slash). The CDN serves one
 * `artists/index.html` for every artist, so the address is the only place the slug lives.
 */
export function slugFromPath(pathname: string): string | undefined {
  const match = /^\/artists\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1] === undefined) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}
