// Decoding limits and encoder settings shared by the optimizer and the on-demand resizer.
import type { SharpOptions, WebpOptions } from 'sharp';

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

export const WEBP_OPTIONS: WebpOptions = { quality: 80, effort: 4 };
