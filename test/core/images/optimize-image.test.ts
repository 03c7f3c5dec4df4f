import { expect } from 'chai';
import sharp from 'sharp';
import { LADDER_WIDTHS, ladderFor } from '../../../core/images/ladder.ts';
import {
  analyseImage,
  decodeImage,
  type EncodedVariant,
  encodeLadder,
  type ImageAnalysis,
} from '../../../core/images/optimize-image.ts';
import { DUPLICATE_MAX_DISTANCE, hashDistance } from '../../../core/images/perceptual-hash.ts';
import { RefusedInputError } from '../../../core/platform/errors.ts';
import { corpusFile, readCorpus } from '../../support/corpus.ts';
import { meanDifference } from '../../support/pixels.ts';

const ACCEPTED_LIST = 'JPEG, PNG, WebP, AVIF, GIF, TIFF or HEIC';

/** Every refused file of the corpus, with the code and the reason it must be given. */
const REFUSALS: Record<string, [code: string, reason: string]> = {
  'Example1.heic': [
    'unsupported-format',
    'HEIC (HEVC) not supported: this build of sharp has no HEVC decoder; convert the photo to JPEG',
  ],
  'check.svg': [
    'unsupported-format',
    `SVG is not accepted: vector files can carry scripts and external references; only ${ACCEPTED_LIST} images are accepted`,
  ],
  'truncated.jpg': [
    'truncated-image',
    'The image data ends early (a truncated file or an interrupted download)',
  ],
  'truncated.png': [
    'truncated-image',
    'The image data ends early (a truncated file or an interrupted download)',
  ],
  'corrupt-header.jpg': [
    'corrupt-image',
    'The image header is corrupt: its size and format cannot be read',
  ],
  'empty.jpg': ['empty-file', 'The file is empty (0 bytes): there is no image to read'],
  'not-an-image.jpg': [
    'unsupported-format',
    `unsupported image format: the bytes are not a known image type; only ${ACCEPTED_LIST} images are accepted`,
  ],
  '65536-uint32-limit.png': [
    'too-many-pixels',
    'The image declares 65536x65536 pixels (4295.0 MP); the limit is 100.0 MP',
  ],
  'small.bmp': [
    'unsupported-format',
    `unsupported image format: the bytes are bmp (image/bmp); only ${ACCEPTED_LIST} images are accepted`,
  ],
  'gen-bomb-20000x20000-gray.png': [
    'too-many-pixels',
    'The image declares 20000x20000 pixels (400.0 MP); the limit is 100.0 MP',
  ],
};

/** Files whose EXIF orientation swaps the displayed width and height. */
const ROTATED = new Set(['Landscape_6.jpg', 'Landscape_8.jpg']);

interface Optimized {
  width: number;
  height: number;
  hasAlpha: boolean;
  analysis: ImageAnalysis;
  /** The WebP ladder. */
  variants: EncodedVariant[];
  /** The AVIF ladder, made from the same decode. */
  avif: EncodedVariant[];
}

async function optimize(file: string): Promise<Optimized> {
  const decoded = await decodeImage(corpusFile(file));
  const analysis = await analyseImage(decoded);
  const ladder = await encodeLadder(decoded, analysis.kind);
  return {
    width: decoded.width,
    height: decoded.height,
    hasAlpha: decoded.hasAlpha,
    analysis,
    variants: ladder.filter((v) => v.format === 'webp'),
    avif: ladder.filter((v) => v.format === 'avif'),
  };
}

const results = new Map<string, Promise<Optimized>>();
/** Each corpus file is optimized once and shared by the tests that look at it. */
function optimized(file: string): Promise<Optimized> {
  let result = results.get(file);
  if (!result) {
    result = optimize(file);
    results.set(file, result);
  }
  return result;
}

function variantAt(result: Optimized, width: number): EncodedVariant {
  const variant = result.variants.find((v) => v.width === width);
  if (!variant)
    throw new Error(`no ${width} px variant among ${result.variants.map((v) => v.width)}`);
  return variant;
}

describe('optimizer core on the corpus', () => {
  const corpus = readCorpus();

  it('has an expected refusal for every file the manifest says to refuse', () => {
    const refused = corpus.filter((entry) => entry.expected === 'reject').map((e) => e.file);
    expect(refused.sort()).to.deep.equal(Object.keys(REFUSALS).sort());
  });

  for (const entry of corpus.filter((e) => e.expected === 'ok')) {
    it(`makes the AVIF and WebP ladders of ${entry.file} (${entry.exercises.split(';')[0]})`, async () => {
      const result = await optimized(entry.file);
      const [width, height] = ROTATED.has(entry.file)
        ? [entry.height, entry.width]
        : [entry.width, entry.height];
      expect([result.width, result.height]).to.deep.equal([width, height]);
      const rungs = ladderFor(result.width, result.height);
      expect(result.variants.map((v) => [v.width, v.height])).to.deep.equal(
        rungs.map((r) => [r.width, r.height]),
      );
      for (const variant of result.variants) {
        const metadata = await sharp(variant.body).metadata();
        expect(metadata.format).to.equal('webp');
        expect([metadata.width, metadata.height]).to.deep.equal([variant.width, variant.height]);
        expect(metadata.exif, 'EXIF stripped').to.equal(undefined);
        expect(metadata.xmp, 'XMP stripped').to.equal(undefined);
        expect(metadata.icc, 'ICC profile stripped').to.equal(undefined);
        expect(metadata.pages ?? 1, 'a single frame').to.equal(1);
      }
      // The same rungs in AVIF, as bare.
      expect(result.avif.map((v) => [v.slot, v.width, v.height])).to.deep.equal(
        result.variants.map((v) => [v.slot, v.width, v.height]),
      );
      for (const variant of result.avif) {
        const metadata = await sharp(variant.body).metadata();
        expect([metadata.format, metadata.compression]).to.deep.equal(['heif', 'av1']);
        expect([metadata.width, metadata.height]).to.deep.equal([variant.width, variant.height]);
        expect(metadata.exif, 'EXIF stripped').to.equal(undefined);
        expect(metadata.xmp, 'XMP stripped').to.equal(undefined);
      }
      expect(result.analysis.colour).to.match(/^#[0-9a-f]{6}$/);
      expect(result.analysis.phash).to.match(/^[0-9a-f]{16}$/);
      expect(Buffer.from(result.analysis.placeholder, 'base64').length).to.be.within(5, 25);
    });
  }

  for (const [file, [code, reason]] of Object.entries(REFUSALS)) {
    it(`refuses ${file} with code ${code}`, async () => {
      const error = await decodeImage(corpusFile(file)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(RefusedInputError);
      expect((error as RefusedInputError).code).to.equal(code);
      expect((error as RefusedInputError).message).to.equal(reason);
    });
  }

  it('never upscales: a 2x2 image gets one 2 px rung and its exact colour', async () => {
    const result = await optimized('2x2_fdcce6.png');
    expect(result.variants.map((v) => [v.width, v.height])).to.deep.equal([[2, 2]]);
    expect(result.analysis.colour).to.equal('#fdcc6e');
  });

  it('gives a large photo every rung of the ladder and no more', async () => {
    const result = await optimized('42_IndexError.jpg');
    expect(result.variants.map((v) => v.width)).to.deep.equal([...LADDER_WIDTHS]);
  });

  it('makes the original width the top rung of an image narrower than the ladder', async () => {
    const result = await optimized('4.webp');
    expect(result.variants.map((v) => v.width)).to.deep.equal([160, 320, 640, 960, 1024]);
  });

  it('rounds rung heights of a 64:1 strip to at least 1 px', async () => {
    const result = await optimized('4bit.tif');
    expect(result.variants.map((v) => [v.width, v.height])).to.deep.equal([
      [160, 3],
      [256, 4],
    ]);
  });

  it('auto-orients: the three orientations of one photo look the same', async () => {
    const [upright, cw, ccw] = await Promise.all(
      ['Landscape_3.jpg', 'Landscape_6.jpg', 'Landscape_8.jpg'].map(optimized),
    );
    const at640 = (r: Optimized | undefined) => variantAt(r as Optimized, 640).body;
    expect(await meanDifference(at640(upright), at640(cw))).to.be.below(12);
    expect(await meanDifference(at640(upright), at640(ccw))).to.be.below(12);
    // The same photo without auto-orientation is upside down: far from the oriented output.
    const unoriented = await sharp(corpusFile('Landscape_3.jpg')).resize(640).webp().toBuffer();
    expect(await meanDifference(at640(upright), unoriented)).to.be.above(20);
  });

  it('converts an Adobe RGB photo to sRGB through its profile', async () => {
    // This photo is not saturated, so the profile moves colours only slightly: compare the
    // channel means, which compression noise leaves alone.
    const result = await optimized('xmp_test.jpg');
    const means = async (input: Buffer) =>
      (await sharp(input).stats()).channels.slice(0, 3).map((channel) => channel.mean);
    const gap = (a: number[], b: number[]) =>
      a.reduce((sum, x, i) => sum + Math.abs(x - (b[i] ?? 0)), 0);
    const file = corpusFile('xmp_test.jpg');
    const ours = await means(variantAt(result, 640).body);
    const converted = await means(await sharp(file).resize(640).png().toBuffer());
    const profileIgnored = await means(
      await sharp(file, { ignoreIcc: true }).resize(640).png().toBuffer(),
    );
    expect(gap(ours, converted)).to.be.below(0.6);
    expect(gap(profileIgnored, converted)).to.be.above(2);
  });

  it('turns CMYK and greyscale inputs into 3-channel sRGB WebP', async () => {
    for (const file of ['Channel_digital_image_CMYK_color.jpg', 'concert.jpg']) {
      const result = await optimized(file);
      const stats = await sharp(result.variants[0]?.body).metadata();
      expect(stats.space, file).to.equal('srgb');
      expect(stats.channels, file).to.equal(3);
    }
  });

  it('keeps transparency in the WebP of an RGBA PNG', async () => {
    const result = await optimized('blackbug.png');
    expect(result.hasAlpha).to.equal(true);
    const stats = await sharp(variantAt(result, 640).body).stats();
    expect(stats.isOpaque).to.equal(false);
  });

  it('reads only the first frame of animations', async () => {
    const gif = await optimized('rotating-squares.gif');
    expect(gif.variants.map((v) => [v.width, v.height])).to.deep.equal([[80, 80]]);
    const webp = await optimized('animated-loop-3.webp');
    expect(webp.variants.at(-1)).to.include({ width: 370, height: 285 });
  });

  it("decodes an AVIF's primary item", async () => {
    const result = await optimized('pitm.avif');
    expect([result.width, result.height]).to.deep.equal([4096, 800]);
  });

  it('reduces 16-bit PNG to visible 8-bit colour with a flag colour as dominant', async () => {
    const result = await optimized('Flag_of_the_Netherlands-16bit.png');
    expect(['#ae1c28', '#ffffff', '#21468b']).to.include(result.analysis.colour);
    const { channels } = await sharp(variantAt(result, 640).body).stats();
    expect(channels[0]?.max, 'red present').to.be.above(150);
    expect(channels[2]?.max, 'blue present').to.be.above(120);
  });

  it('expands a 1-bit fax TIFF to a visible page, not a black image', async () => {
    const result = await optimized('G31D.TIF');
    const { channels } = await sharp(variantAt(result, 640).body).stats();
    expect(channels[0]?.mean).to.be.above(150);
    expect(channels[0]?.min).to.be.below(80);
  });

  it('accepts a JPEG with a benign decoder warning (stray bytes before a marker)', async () => {
    const result = await optimized('junk_jpeg_header.jpg');
    expect(result.variants.at(-1)).to.include({ width: 1024, height: 768 });
  });

  it('keeps every pair of different pictures in the corpus beyond the duplicate distance', async () => {
    // Landscape_3/6/8 are one photo (only a centre digit differs): the manifest calls them duplicates.
    const samePhoto = new Set(['Landscape_3.jpg', 'Landscape_6.jpg', 'Landscape_8.jpg']);
    const accepted = corpus.filter((e) => e.expected === 'ok');
    const hashes = await Promise.all(
      accepted.map(async (e) => [e.file, (await optimized(e.file)).analysis.phash] as const),
    );
    const tooClose: string[] = [];
    for (const [i, [a, hashA]] of hashes.entries()) {
      for (const [b, hashB] of hashes.slice(i + 1)) {
        if (samePhoto.has(a) && samePhoto.has(b)) continue;
        const distance = hashDistance(hashA, hashB);
        if (distance <= DUPLICATE_MAX_DISTANCE) tooClose.push(`${a} ~ ${b}: ${distance}`);
      }
    }
    expect(tooClose).to.deep.equal([]);
  });

  it('hashes a re-encoded, resized copy of a photo within the duplicate distance', async () => {
    const original = await optimized('iphone_hdr_NO.jpg');
    const copy = await sharp(corpusFile('iphone_hdr_NO.jpg'))
      .resize(1080)
      .jpeg({ quality: 70 })
      .toBuffer();
    const copied = await analyseImage(await decodeImage(copy));
    expect(hashDistance(original.analysis.phash, copied.phash)).to.be.at.most(4);
    const other = await optimized('42_IndexError.jpg');
    expect(hashDistance(original.analysis.phash, other.analysis.phash)).to.be.above(20);
  });
});
