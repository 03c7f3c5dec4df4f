// The share card a link preview shows (og:image): 1200x630, the artist's best pieces side by
// side, each cropped to its slot around what draws the eye (sharp's attention strategy), made
// from the originals with the optimizer's own decoding limits. One JPEG, a few hundred KB at
// most: what messaging apps and social networks fetch.
import sharp from 'sharp';
import { DECODE_OPTIONS } from './image-settings.ts';

export const SHARE_CARD_WIDTH = 1200;
export const SHARE_CARD_HEIGHT = 630;
/** Pieces on a card, at most. */
export const SHARE_CARD_PIECES = 3;

/**
 * The card from `pieces` (original bytes, best first; the first SHARE_CARD_PIECES are used),
 * each in an equal slot across the card; without any piece, a card of `background`.
 * @throws {Error} what sharp throws for a piece it cannot decode.
 */
export async function makeShareCard(
  pieces: readonly Uint8Array[],
  background = '#1a1a1a',
): Promise<Buffer> {
  const used = pieces.slice(0, SHARE_CARD_PIECES);
  const slots = used.map((_, i) => {
    const left = Math.round((i * SHARE_CARD_WIDTH) / used.length);
    const right = Math.round(((i + 1) * SHARE_CARD_WIDTH) / used.length);
    return { left, width: right - left };
  });
  const tiles = await Promise.all(
    used.map((bytes, i) =>
      sharp(bytes, DECODE_OPTIONS)
        .autoOrient()
        .resize(slots[i]?.width, SHARE_CARD_HEIGHT, { fit: 'cover', position: 'attention' })
        .toColourspace('srgb')
        .toBuffer(),
    ),
  );
  return sharp({
    create: { width: SHARE_CARD_WIDTH, height: SHARE_CARD_HEIGHT, channels: 3, background },
  })
    .composite(tiles.map((input, i) => ({ input, left: slots[i]?.left ?? 0, top: 0 })))
    .jpeg({ quality: 80, mozjpeg: true })
    .toBuffer();
}
