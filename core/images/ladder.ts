// The width ladder and output formats: the one definition the optimizer, the resize Lambda,
// the URL normalizer and the site all use.

/** Widths (CSS pixels of the displayed image) precomputed for every accepted image. */
export const LADDER_WIDTHS = [160, 320, 640, 960, 1280, 1920] as const;

/** The largest rung: the optimizer decodes once, straight to this width, and cascades down. */
export const MAX_LADDER_WIDTH: number = LADDER_WIDTHS[LADDER_WIDTHS.length - 1] ?? 1920;

/** Formats a variant may be served in. */
export const IMAGE_FORMATS = ['webp', 'avif', 'jpeg'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/**
 * Formats the optimizer writes for every rung at ingest, from its one decode: what the site's
 * `<picture>` offers (AVIF first, then WebP), so a visitor's first request for any ladder
 * variant is a bucket hit. Others (JPEG, for browsers with neither) are made on demand.
 */
export const PRECOMPUTED_FORMATS = ['avif', 'webp'] as const satisfies readonly ImageFormat[];
export type PrecomputedFormat = (typeof PRECOMPUTED_FORMATS)[number];

/** The precomputed formats `variants` has none of (none, once an image has them all). */
export function missingFormats(variants: readonly { format?: string }[]): PrecomputedFormat[] {
  const made = new Set(variants.map((variant) => variant.format));
  return PRECOMPUTED_FORMATS.filter((format) => !made.has(format));
}

export const CONTENT_TYPES: Readonly<Record<ImageFormat, string>> = {
  webp: 'image/webp',
  avif: 'image/avif',
  jpeg: 'image/jpeg',
};

/** Variants never change under a given URL, so every cache may keep them for a year. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** WebP cannot hold a side longer than this; rungs that would are not made. */
export const MAX_VARIANT_SIDE = 16383;

export interface Rung {
  /** The ladder width this rung answers to: the width in its URL and object key. */
  slot: number;
  /** Its real size: the slot's width, or the image's own when the image is narrower. */
  width: number;
  height: number;
}

/**
 * The rung of an image (displayed size `width` x `height`) for a ladder slot: the image scaled
 * to the slot's width, never upscaled. Heights keep the aspect ratio and are at least 1 px.
 */
export function rungFor(slot: number, width: number, height: number): Rung {
  const scaled = Math.min(slot, width);
  return { slot, width: scaled, height: scaledHeight(width, height, scaled) };
}

/**
 * The rungs made for an image, smallest first: one per ladder slot up to the first slot as
 * wide as the image, which holds the image at its own width (never upscaled). A rung taller
 * than WebP allows is left out, so a very tall, narrow image may have no rung at all.
 */
export function ladderFor(width: number, height: number): Rung[] {
  const firstAtLeast = LADDER_WIDTHS.findIndex((slot) => slot >= width);
  const slots = firstAtLeast === -1 ? LADDER_WIDTHS : LADDER_WIDTHS.slice(0, firstAtLeast + 1);
  return slots
    .map((slot) => rungFor(slot, width, height))
    .filter((rung) => rung.height <= MAX_VARIANT_SIDE);
}

/** The allowed ladder width nearest to `width` (the larger one on a tie). */
export function nearestSlot(width: number): number {
  let best: number = LADDER_WIDTHS[0];
  for (const slot of LADDER_WIDTHS) {
    if (Math.abs(slot - width) <= Math.abs(best - width)) best = slot;
  }
  return best;
}

/** The height of an image scaled to `toWidth`, rounded, never below 1 px. */
export function scaledHeight(width: number, height: number, toWidth: number): number {
  return Math.max(1, Math.round((height * toWidth) / width));
}
