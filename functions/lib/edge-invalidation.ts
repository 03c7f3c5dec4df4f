// After a takedown, the CDN forgets the artist: variants are cached for a year (immutable), so
// without an invalidation a removed artist's images would be served from the edge until then.
import { type CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';

/** The edge paths that can hold an artist: their images, and the API pages that list them. */
export function takedownPaths(slug: string): string[] {
  return [`/img/${slug}/*`, '/api/artists*'];
}

/** Asks CloudFront to drop the artist's paths from every edge; returns the invalidation id. */
export async function invalidateArtist(
  cloudfront: Pick<CloudFrontClient, 'send'>,
  distributionId: string,
  slug: string,
  now = new Date(),
): Promise<string> {
  const paths = takedownPaths(slug);
  const { Invalidation } = await cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: distributionId,
      InvalidationBatch: {
        CallerReference: `takedown-${slug}-${now.getTime()}`,
        Paths: { Quantity: paths.length, Items: paths },
      },
    }),
  );
  if (!Invalidation?.Id) throw new Error('CloudFront answered without an invalidation id');
  return Invalidation.Id;
}
