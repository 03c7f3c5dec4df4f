// Where objects live in the buckets: the raw (original) and optimized (variant) key schemes.
import { IMAGE_ID_PATTERN, imageIdFromSha256, SLUG_PATTERN } from '../vocabulary/identifiers.ts';
import { IMAGE_FORMATS, type ImageFormat, LADDER_WIDTHS } from './ladder.ts';

/** Every original lives under this prefix; the raw bucket's notification filters on it. */
export const RAW_PREFIX = 'originals/';
/** Where the variants live in the optimized bucket: the CDN path without its leading slash. */
export const VARIANT_PREFIX = 'img/';
const RAW_KEY = /^originals\/([^/]+)\/([0-9a-f]{64})$/;

/** The raw bucket key of an original: content-addressed per artist, so it is stored once. */
export function rawKey(slug: string, sha256: string): string {
  return `${RAW_PREFIX}${slug}/${sha256}`;
}

/** Every original of one artist lives under this prefix. */
export function rawPrefix(slug: string): string {
  return `${RAW_PREFIX}${slug}/`;
}

export interface RawKeyParts {
  slug: string;
  sha256: string;
  imageId: string;
}

/** The parts of a raw key, or undefined when the key does not follow the scheme. */
export function parseRawKey(key: string): RawKeyParts | undefined {
  const match = RAW_KEY.exec(key);
  if (!match?.[1] || !match[2] || !SLUG_PATTERN.test(match[1])) return undefined;
  return { slug: match[1], sha256: match[2], imageId: imageIdFromSha256(match[2]) };
}

/**
 * The optimized bucket key of a variant. It is the CDN path without its leading slash, so the
 * distribution's `/img/*` behaviour reaches the bucket without rewriting.
 */
export function variantKey(slug: string, imageId: string, slot: number, format: ImageFormat) {
  if (!IMAGE_ID_PATTERN.test(imageId)) throw new TypeError(`Invalid image id ${imageId}`);
  return `img/${slug}/${imageId}/${slot}.${format}`;
}

const VARIANT_KEY = /^img\/([^/]+)\/([0-9a-f]{16})\/([0-9]+)\.([a-z]+)$/;

export interface VariantKeyParts {
  slug: string;
  imageId: string;
  slot: number;
  format: ImageFormat;
}

/**
 * The parts of a variant key (or of its CDN path without the leading slash), or undefined
 * unless it names a ladder slot and a format exactly as the URL normalizer writes them.
 */
export function parseVariantKey(key: string): VariantKeyParts | undefined {
  const match = VARIANT_KEY.exec(key);
  if (!match?.[1] || !match[3] || !match[4] || !SLUG_PATTERN.test(match[1])) return undefined;
  const slot = Number(match[3]);
  const format = IMAGE_FORMATS.find((f) => f === match[4]);
  if (
    !format ||
    !(LADDER_WIDTHS as readonly number[]).includes(slot) ||
    String(slot) !== match[3]
  ) {
    return undefined;
  }
  return { slug: match[1], imageId: match[2] ?? '', slot, format };
}

/** Every variant of one artist lives under this prefix. */
export function variantPrefix(slug: string): string {
  return `img/${slug}/`;
}
