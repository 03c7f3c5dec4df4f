// Image records as the optimizer writes them, for tests that read what it wrote.
import type { OkImageRecord } from '../../core/images/image-records.ts';
import { ladderFor, PRECOMPUTED_FORMATS } from '../../core/images/ladder.ts';
import { rawKey, variantKey } from '../../core/images/object-keys.ts';

/** The sha256 of the `n`th test image (hex). */
export const sha = (n: number) => n.toString(16).padStart(16, '0').padEnd(64, 'a');
/** The image id of the `n`th test image. */
export const idOf = (n: number) => sha(n).slice(0, 16);

/**
 * The `n`th image of `artist` as the optimizer records one it shows: a 1600x1200 photo with
 * every precomputed variant, a caption naming a style.
 */
export function okRecord(
  artist: string,
  n: number,
  extra: Partial<OkImageRecord> = {},
): OkImageRecord {
  const width = 1600;
  const height = 1200;
  return {
    status: 'ok',
    artist,
    imageId: idOf(n),
    rawKey: rawKey(artist, sha(n)),
    sha256: sha(n),
    provenance: {
      source: 'website',
      pageUrl: 'https://studio.example/work/',
      sourceUrl: `https://studio.example/img/${n}.jpg`,
      caption: `Piece number ${n} #blackwork @someone`,
      takenAt: new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString(),
    },
    processedAt: '2026-11-01T00:00:00.000Z',
    sourceFormat: 'jpeg',
    width,
    height,
    hasAlpha: false,
    variants: PRECOMPUTED_FORMATS.flatMap((format) =>
      ladderFor(width, height).map((rung) => ({
        ...rung,
        format,
        key: variantKey(artist, idOf(n), rung.slot, format),
        bytes: 1000,
      })),
    ),
    placeholder: 'YJqGPQw7sFlslqhFafSE+Q6oJ1h2iHB2Rw',
    colour: '#336699',
    phash: 'ffff0000ffff0000',
    ...extra,
  };
}
