// Decoding limits and encoder settings shared by the optimizer and the on-demand resizer.
import type { AvifOptions, JpegOptions, SharpOptions, WebpOptions } from 'sharp';

/**
 * Largest pixel count accepted (100 MP: every camera and phone in use, and a margin). Checked
 * from the header before decoding, so a decompression bomb costs nothing.
 */
export const MAX_INPUT_PIXELS = 100_000_000;

/** Largest original accepted, in bytes; the scraper caps downloads at the same size. */
export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

/**
 * How every untrusted image is opened. `failOn: 'error'` accepts files with benign decoder
 * warnings (stray bytes before a JPEG marker) and still refuses truncated ones.
 */
export const DECODE_OPTIONS: SharpOptions = {
  failOn: 'error',
  limitInputPixels: MAX_INPUT_PIXELS,
  // One frame; no `page`, so a HEIF/AVIF container's primary item (its pitm box) is the one read.
  pages: 1,
};

/**
 * What an image is, told from its pixels (`core/images/image-kind.ts`): a photo, or
 * a flat drawing (flash, a digital sheet: large areas of one colour, hard edges), which AVIF
 * codes far better at its slower efforts and with full-resolution colour.
 */
export const IMAGE_KINDS = ['photo', 'drawing'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];

export interface EncoderSettings {
  webp: WebpOptions;
  avif: AvifOptions;
  jpeg: JpegOptions;
}

/** WebP at quality 80 is the look every other setting is measured against. */
const WEBP_REFERENCE: WebpOptions = { quality: 80, effort: 4 };

/** The fallback for browsers without WebP or AVIF; transparency is flattened onto white. */
const JPEG_FALLBACK: JpegOptions = { quality: 80 };

/**
 * Encoder settings per kind of image, chosen by measurement (`npm run bench -- optimize`
 * prints the table): for each kind, the AVIF settings with the fewest bytes whose butteraugli
 * distance from the undistorted rung is no worse than WebP q80's, among those encoding in at
 * most 4 times WebP's time (an image is encoded once, downloaded by every visitor). Drawings
 * keep full-resolution colour (4:4:4): their hard colour edges are what 4:2:0 blurs. The
 * optimizer and the resize function both use these.
 */
export const ENCODER_SETTINGS: Readonly<Record<ImageKind, EncoderSettings>> = {
  photo: {
    webp: WEBP_REFERENCE,
    avif: { quality: 60, effort: 2, chromaSubsampling: '4:2:0' },
    jpeg: JPEG_FALLBACK,
  },
  drawing: {
    webp: WEBP_REFERENCE,
    avif: { quality: 52, effort: 2, chromaSubsampling: '4:4:4' },
    jpeg: JPEG_FALLBACK,
  },
};
