// Tells an image's type from its bytes, never from its name or Content-Type.
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { RefusedInputError } from '../platform/errors.ts';

/** The source formats accepted, named as the optimizer records them. */
export type SourceFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff' | 'heic';

const ACCEPTED: Readonly<Record<string, SourceFormat>> = {
  jpg: 'jpeg',
  png: 'png',
  apng: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
  tif: 'tiff',
  heic: 'heic',
};

/** The Content-Type of an original of each accepted format. */
export const CONTENT_TYPES_BY_SOURCE: Readonly<Record<SourceFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
  tiff: 'image/tiff',
  heic: 'image/heic',
};

const ACCEPTED_LIST = 'JPEG, PNG, WebP, AVIF, GIF, TIFF or HEIC';

/** Whether this build of sharp (libvips + libheif) can decode HEVC-coded HEIC files. */
export const canDecodeHeic: boolean =
  sharp.format.heif?.input.fileSuffix?.includes('.heic') ?? false;

/**
 * The accepted format of `bytes`.
 * @throws {RefusedInputError} `empty-file` for no bytes; `unsupported-format` for SVG, any other
 *   type, or HEIC where this build cannot decode it.
 */
export async function sniffImageFormat(bytes: Uint8Array): Promise<SourceFormat> {
  if (bytes.length === 0) {
    throw new RefusedInputError(
      'empty-file',
      'The file is empty (0 bytes): there is no image to read',
    );
  }
  const detected = await fileTypeFromBuffer(bytes);
  const format = detected && ACCEPTED[detected.ext];
  if (format === 'heic' && !canDecodeHeic) {
    throw new RefusedInputError(
      'unsupported-format',
      'HEIC (HEVC) not supported: this build of sharp has no HEVC decoder; convert the photo to JPEG',
    );
  }
  if (format) return format;
  if (looksLikeSvg(bytes)) {
    throw new RefusedInputError(
      'unsupported-format',
      'SVG is not accepted: vector files can carry scripts and external references; only ' +
        `${ACCEPTED_LIST} images are accepted`,
    );
  }
  const what = detected ? `${detected.ext} (${detected.mime})` : 'not a known image type';
  throw new RefusedInputError(
    'unsupported-format',
    `unsupported image format: the bytes are ${what}; only ${ACCEPTED_LIST} images are accepted`,
  );
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('utf8').toLowerCase();
  return head.includes('<svg');
}
