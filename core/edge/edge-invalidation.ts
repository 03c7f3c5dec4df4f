// After a takedown, the CDN forgets the artist: variants are cached for a year (immutable), so
// without an invalidation a removed artist's images would be served from the edge until then.
// So too for images taken off because their sources no longer show them (the reconciler).
import { type CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';

/**
 * The edge paths that can hold an artist: their images, their pages, and the API pages that
 * list them.
 */
export function takedownPaths(slug: string): string[] {
  return [`/img/${slug}/*`, `/artists/${slug}/*`, '/api/artists*'];
}

/** Asks CloudFront to drop the artist's paths from every edge; returns the invalidation id. */
export async function invalidateArtist(
  cloudfront: Pick<CloudFrontClient, 'send'>,
  distributionId: string,
  slug: string,
  now = new Date(),
): Promise<string> {
  return invalidatePaths(
    cloudfront,
    distributionId,
    takedownPaths(slug),
    `takedown-${slug}-${now.getTime()}`,
  );
}

/**
 * CloudFront takes at most 15 wildcard paths in progress at once: one run's invalidation keeps
 * well under, so the next run's can start while this one is still going.
 */
const MAX_WILDCARDS = 7;

/**
 * The edge paths that can hold images taken off the site (their sources no longer show them)
 * for these artists, in one invalidation: a wildcard per artist (the cheapest: one path each;
 * the images still shown are fetched again from the bucket), or all images when many artists
 * had some taken off; and the API's pages, which name them for a few minutes more.
 */
export function takenOffPaths(slugs: readonly string[]): string[] {
  const images = slugs.length < MAX_WILDCARDS ? slugs.map((slug) => `/img/${slug}/*`) : ['/img/*'];
  return [...images, '/api/artists*'];
}

/** Asks CloudFront to drop `paths` from every edge; returns the invalidation id. */
export async function invalidatePaths(
  cloudfront: Pick<CloudFrontClient, 'send'>,
  distributionId: string,
  paths: string[],
  callerReference: string,
): Promise<string> {
  const { Invalidation } = await cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: distributionId,
      InvalidationBatch: {
        CallerReference: callerReference,
        Paths: { Quantity: paths.length, Items: paths },
      },
    }),
  );
  if (!Invalidation?.Id) throw new Error('CloudFront answered without an invalidation id');
  return Invalidation.Id;
}
