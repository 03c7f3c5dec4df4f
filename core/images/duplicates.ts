// Which of an artist's near-identical images is the one shown: the rule every optimizer
// invocation applies, so that concurrent invocations agree without talking to each other.
import { DUPLICATE_MAX_DISTANCE, hashDistance } from './perceptual-hash.ts';

export interface HashedImage {
  imageId: string;
  phash: string;
  width: number;
  height: number;
}

/**
 * Whether `a` is the better copy of a photo than `b`: more pixels (the studio's full-size
 * original over Instagram's 1080 px copy), then the smaller image id, so the order is total.
 */
export function isBetterCopy(a: HashedImage, b: HashedImage): boolean {
  const pixels = a.width * a.height - b.width * b.height;
  return pixels !== 0 ? pixels > 0 : a.imageId < b.imageId;
}

/** The images among `candidates` that show the same photo as `image` (itself excluded). */
export function sameImage(image: HashedImage, candidates: HashedImage[]): HashedImage[] {
  return candidates.filter(
    (candidate) =>
      candidate.imageId !== image.imageId &&
      hashDistance(candidate.phash, image.phash) <= DUPLICATE_MAX_DISTANCE,
  );
}

/** The best copy among `images`, or undefined for none. */
export function bestCopy(images: HashedImage[]): HashedImage | undefined {
  return images.reduce<HashedImage | undefined>(
    (best, image) => (best === undefined || isBetterCopy(image, best) ? image : best),
    undefined,
  );
}
