// How the distribution treats /img/*: failover, caching and response headers. One definition
// for the Pulumi ImageCdn component and the local edge.

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
