// Renders one variant of an original with the optimizer's own settings, in a single pipeline
// (one decode with shrink-on-load, one resize, one encode).
import sharp from 'sharp';
import { DECODE_OPTIONS, ENCODER_OPTIONS } from '../lib/image-settings.ts';
import type { ImageFormat, Rung } from '../lib/ladder.ts';

/** The variant of `original` at `rung`'s size in `format`. */
export function renderVariant(
  original: Uint8Array,
  rung: Rung,
  format: ImageFormat,
): Promise<Buffer> {
  const pipeline = sharp(original, DECODE_OPTIONS)
    .autoOrient()
    .resize({ width: rung.width, height: rung.height, fit: 'fill' })
    .toColourspace('srgb');
  switch (format) {
    case 'webp':
      return pipeline.webp(ENCODER_OPTIONS.webp).toBuffer();
    case 'avif':
      return pipeline.avif(ENCODER_OPTIONS.avif).toBuffer();
    case 'jpeg':
      return pipeline.flatten({ background: '#ffffff' }).jpeg(ENCODER_OPTIONS.jpeg).toBuffer();
  }
}
