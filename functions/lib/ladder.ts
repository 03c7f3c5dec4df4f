// The width ladder and output formats: the one definition the optimizer, the resize Lambda,
// the URL normalizer and the site all use.

/** Widths (CSS pixels of the displayed image) precomputed as WebP for every accepted image. */
export const LADDER_WIDTHS = [160, 320, 640, 960, 1280, 1920] as const;

/** The largest rung: the optimizer decodes once, straight to this width, and cascades down. */
export const MAX_LADDER_WIDTH: number = LADDER_WIDTHS[LADDER_WIDTHS.length - 1] ?? 1920;

/** Formats a variant may be served in; WebP is precomputed, the others are made on demand. */
export const IMAGE_FORMATS = ['webp', 'avif', 'jpeg'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

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
  width: number;
  height: number;
}

/**
 * The rungs made for an image of the given displayed size, smallest first: every ladder width
 * below the image's own width, then the image's own width when it is narrower than the top
 * rung (never upscaled). Heights keep the aspect ratio and are at least 1 px; a rung taller
 * than WebP allows is left out, so a very tall image may have no rung at all.
 */
export function ladderFor(width: number, height: number): Rung[] {
  const widths: number[] = LADDER_WIDTHS.filter((w) => w < width);
  if (width <= MAX_LADDER_WIDTH) widths.push(width);
  return widths
    .map((w) => ({ width: w, height: scaledHeight(width, height, w) }))
    .filter((rung) => rung.height <= MAX_VARIANT_SIDE);
}

/** The height of an image scaled to `toWidth`, rounded, never below 1 px. */
export function scaledHeight(width: number, height: number, toWidth: number): number {
  return Math.max(1, Math.round((height * toWidth) / width));
}
