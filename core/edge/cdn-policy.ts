// How the distribution treats /img/* (failover, caching, response headers) and the site's files
// (cache lifetimes). One definition for the Pulumi components and the local server.
import { IMMUTABLE_CACHE_CONTROL } from '../images/ladder.ts';

/** Origin-group failover from the optimized bucket to the resize Lambda on these statuses. */
export const FAILOVER_STATUS_CODES = [403, 404] as const;

/** Cache policy TTLs (seconds): the origin's Cache-Control decides within these bounds. */
export const IMAGE_CACHE_TTL = { min: 0, default: 86_400, max: 31_536_000 } as const;

/** How long an error is cached when the origin says nothing (CloudFront's default is 10 s). */
export const ERROR_CACHING_MIN_TTL = 10;

/** The response headers policy: added to every image response. */
export const IMAGE_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'access-control-allow-origin': '*',
  'timing-allow-origin': '*',
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
};

/** Site pages and other unhashed files: browsers revalidate, the edge keeps them five minutes. */
export const PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=300, must-revalidate';

/** Where Astro writes its content-hashed assets in the build. */
export const HASHED_ASSETS_PREFIX = '_astro/';

/** The Cache-Control of a file of the site build, by its key (path in the build). */
export function siteCacheControl(key: string): string {
  return key.startsWith(HASHED_ASSETS_PREFIX) ? IMMUTABLE_CACHE_CONTROL : PAGE_CACHE_CONTROL;
}

/**
 * The header CloudFront adds to every request it sends the API, with a secret value the API's
 * function checks: the API's own execute-api endpoint answers nobody who goes around the CDN
 * (its cache, its firewall). The value lives in the stack's state (a Pulumi secret), the
 * distribution's origin configuration and the function's environment, nowhere else.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
/** The function's environment variable holding that value; unset locally (no CDN there). */
export const ORIGIN_VERIFY_ENV = 'ORIGIN_VERIFY_SECRET';
