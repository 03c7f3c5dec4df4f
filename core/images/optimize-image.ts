// The optimizer's pure core: bytes of an original in, the AVIF and WebP ladders, placeholder,
// colour, perceptual hash and kind (photo or drawing) out. No AWS here; the handler and the `optimize` command both call it.
import sharp from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { RefusedInputError, TransientError } from '../platform/errors.ts';
import { dominantColour } from './dominant-colour.ts';
import { imageKind } from './image-kind.ts';
import {
  DECODE_OPTIONS,
  ENCODER_SETTINGS,
  type ImageKind,
  MAX_INPUT_BYTES,
  MAX_INPUT_PIXELS,
} from './image-settings.ts';
import { type SourceFormat, sniffImageFormat } from './image-sniff.ts';
import { ladderFor, PRECOMPUTED_FORMATS, type PrecomputedFormat, type Rung } from './ladder.ts';
import { perceptualHash } from './perceptual-hash.ts';

/** An original decoded once: its displayed size and its pixels at the top rung, in sRGB. */
export interface DecodedImage {
  sourceFormat: SourceFormat;
  /** Displayed (auto-oriented) size of the original. */
  width: number;
  height: number;
  hasAlpha: boolean;
  /** Rungs to make, smallest first; the last one is the size of `pixels`. */
  rungs: Rung[];
  pixels: Buffer;
  channels: 3 | 4;
}

export interface ImageAnalysis {
  /** ThumbHash of the image, base64. */
  placeholder: string;
  /** Dominant colour, `#rrggbb`. */
  colour: string;
  /** 64-bit perceptual hash, 16 hex digits. */
  phash: string;
  /** Photo or flat drawing: which encoder settings suit it. */
  kind: ImageKind;
}

export interface EncodedVariant extends Rung {
  format: PrecomputedFormat;
  body: Buffer;
}

/**
 * Sniffs, checks and decodes an original straight to its top rung: auto-oriented, sRGB, 8-bit,
 * metadata gone. Smaller rungs are then made from these pixels, never by decoding again.
 * @throws {RefusedInputError} with a code and a readable reason for every input it refuses.
 */
export async function decodeImage(bytes: Uint8Array): Promise<DecodedImage> {
  if (bytes.length > MAX_INPUT_BYTES) throw fileTooLarge(bytes.length);
  const sourceFormat = await sniffImageFormat(bytes);
  const header = await readHeader(bytes);
  const pixels = header.width * header.height;
  if (pixels > MAX_INPUT_PIXELS) {
    throw new RefusedInputError(
      'too-many-pixels',
      `The image declares ${header.width}x${header.height} pixels (${formatMegapixels(pixels)}); ` +
        `the limit is ${formatMegapixels(MAX_INPUT_PIXELS)}`,
    );
  }
  const { width, height } = header.autoOrient;
  const rungs = ladderFor(width, height);
  const top = rungs.at(-1);
  if (!top) {
    throw new RefusedInputError(
      'unsupported-dimensions',
      `The image is ${width}x${height}: too tall for its width to make any WebP variant`,
    );
  }
  try {
    const { data, info } = await sharp(bytes, DECODE_OPTIONS)
      .autoOrient()
      .resize({ width: top.width, height: top.height, fit: 'fill' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 && info.channels !== 4) {
      throw new Error(
        `Expected 3 or 4 channels after sRGB conversion but received ${info.channels}`,
      );
    }
    const { channels } = info;
    return { sourceFormat, width, height, hasAlpha: channels === 4, rungs, pixels: data, channels };
  } catch (error) {
    throw refusalFromDecodeError(error);
  }
}

/** An original decoded and analysed: what the duplicate check needs before any encoding. */
export interface PreparedOriginal {
  decoded: DecodedImage;
  analysis: ImageAnalysis;
}

/**
 * Decodes and analyses an original.
 * @throws {RefusedInputError} for input it refuses; {TransientError} when memory ran out.
 */
export async function prepareOriginal(bytes: Uint8Array): Promise<PreparedOriginal> {
  const decoded = await decodeImage(bytes);
  return { decoded, analysis: await analyseImage(decoded) };
}

/** The refusal of an original over the size limit. */
export function fileTooLarge(size: number): RefusedInputError {
  return new RefusedInputError(
    'file-too-large',
    `The file is ${size} bytes; the limit is ${MAX_INPUT_BYTES} bytes`,
  );
}

/** Placeholder, dominant colour, perceptual hash and kind, all from the decoded pixels. */
export async function analyseImage(image: DecodedImage): Promise<ImageAnalysis> {
  const [small, grey, kind] = await Promise.all([
    fromPixels(image)
      .resize({ width: 100, height: 100, fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true }),
    // Transparent areas are read as white, as a page shows them, so that the hash sees the
    // drawing and not the hidden colour of transparent pixels.
    fromPixels(image)
      .flatten({ background: '#ffffff' })
      .greyscale()
      .resize({ width: 32, height: 32, fit: 'fill' })
      .raw()
      .toBuffer(),
    imageKind(fromPixels(image)),
  ]);
  const rgba = new Uint8Array(small.data.buffer, small.data.byteOffset, small.data.length);
  return {
    placeholder: Buffer.from(rgbaToThumbHash(small.info.width, small.info.height, rgba)).toString(
      'base64',
    ),
    colour: dominantColour(rgba),
    phash: await perceptualHash(grey),
    kind,
  };
}

/**
 * Every rung of the ladder in every precomputed format (`formats`, all by default), made
 * concurrently from the decoded pixels with the settings for the image's kind; by format,
 * smallest rung first. The largest rung is started first: it is the longest encode, so it sets the critical
 * path.
 */
export async function encodeLadder(
  image: DecodedImage,
  kind: ImageKind,
  formats: readonly PrecomputedFormat[] = PRECOMPUTED_FORMATS,
): Promise<EncodedVariant[]> {
  const top = image.rungs.at(-1);
  const settings = ENCODER_SETTINGS[kind];
  const largestFirst = await Promise.all(
    image.rungs.toReversed().flatMap((rung) => {
      const resized = fromPixels(image);
      if (rung !== top) resized.resize({ width: rung.width, height: rung.height, fit: 'fill' });
      return formats.map(async (format) => {
        const pipeline = resized.clone();
        const body = await (format === 'avif'
          ? pipeline.avif(settings.avif)
          : pipeline.webp(settings.webp)
        ).toBuffer();
        return { ...rung, format, body };
      });
    }),
  );
  // By format, then smallest rung first.
  return formats.flatMap((format) =>
    largestFirst.filter((variant) => variant.format === format).reverse(),
  );
}

/** A sharp pipeline over the decoded pixels (the top rung). */
export function fromPixels(image: DecodedImage) {
  const top = image.rungs.at(-1) as Rung;
  return sharp(image.pixels, {
    raw: { width: top.width, height: top.height, channels: image.channels },
  });
}

async function readHeader(bytes: Uint8Array) {
  try {
    const metadata = await sharp(bytes, { ...DECODE_OPTIONS, limitInputPixels: false }).metadata();
    return metadata;
  } catch (error) {
    throw refusalFromDecodeError(error);
  }
}

function formatMegapixels(pixels: number): string {
  return `${(pixels / 1e6).toFixed(1)} MP`;
}

/**
 * libvips' messages, turned into a code and a sentence a person can act on. Running out of
 * memory says nothing about the file: it is transient, so the message is retried.
 */
function refusalFromDecodeError(error: unknown): Error {
  if (error instanceof RefusedInputError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/out of memory|cannot allocate|memory allocation/i.test(message)) {
    return new TransientError(`Decoding ran out of memory: ${message}`, { cause: error });
  }
  const known: [RegExp, string, string][] = [
    [
      /corrupt header|not a known file format/i,
      'corrupt-image',
      'The image header is corrupt: its size and format cannot be read',
    ],
    [
      /premature end|read error|truncated|unexpected end/i,
      'truncated-image',
      'The image data ends early (a truncated file or an interrupted download)',
    ],
    [
      /pixel limit/i,
      'too-many-pixels',
      `The image exceeds the limit of ${formatMegapixels(MAX_INPUT_PIXELS)}`,
    ],
  ];
  for (const [pattern, code, reason] of known) {
    if (pattern.test(message)) return new RefusedInputError(code, reason, { cause: error });
  }
  return new RefusedInputError(
    'undecodable-image',
    `The image cannot be decoded: ${message.split('\n')[0]}`,
    {
      cause: error,
    },
  );
}
