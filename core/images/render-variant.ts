// Renders one variant of an original with the optimizer's own settings, in a single pipeline
// (one decode with shrink-on-load, one resize, one encode).
import sharp from 'sharp';
import { DECODE_OPTIONS, ENCODER_SETTINGS, type ImageKind } from './image-settings.ts';
import type { ImageFormat, Rung } from './ladder.ts';

/** The variant of `original` at `rung`'s size in `format`, with the settings for its kind. */
export function renderVariant(
  original: Uint8Array,
  rung: Rung,
  format: ImageFormat,
  kind: ImageKind = 'photo',
): Promise<Buffer> {
  const settings = ENCODER_SETTINGS[kind];
  const pipeline = sharp(original, DECODE_OPTIONS)
    .autoOrient()
    .resize({ width: rung.width, height: rung.height, fit: 'fill' })
    .toColourspace('srgb');
  switch (format) {
    case 'webp':
      return pipeline.webp(settings.webp).toBuffer();
    case 'avif':
      return pipeline.avif(settings.avif).toBuffer();
    case 'jpeg':
      return pipeline.flatten({ background: '#ffffff' }).jpeg(settings.jpeg).toBuffer();
  }
}
