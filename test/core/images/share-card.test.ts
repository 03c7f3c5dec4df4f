// The share card: 1200x630, the artist's pieces side by side in the order given, a JPEG.
import { expect } from 'chai';
import sharp from 'sharp';
import {
  makeShareCard,
  SHARE_CARD_HEIGHT,
  SHARE_CARD_WIDTH,
} from '../../../core/images/share-card.ts';

/** A plain photo-sized image of one colour. */
const plain = (r: number, g: number, b: number, width = 900, height = 1200) =>
  sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .jpeg()
    .toBuffer();

/** The mean colour of a vertical band of the card. */
async function bandColour(card: Buffer, left: number, width: number): Promise<number[]> {
  // Cut out first: stats() reads its input, not the pipeline's result.
  const band = await sharp(card).extract({ left, top: 100, width, height: 400 }).toBuffer();
  const { channels } = await sharp(band).stats();
  return channels.slice(0, 3).map((channel) => Math.round(channel.mean));
}

describe('The share card (core/images/share-card.ts)', () => {
  it('puts up to three pieces side by side on a 1200x630 JPEG, best first', async () => {
    const card = await makeShareCard([
      await plain(200, 30, 30),
      await plain(30, 200, 30, 1600, 900),
      await plain(30, 30, 200),
      await plain(250, 250, 250),
    ]);
    const meta = await sharp(card).metadata();
    expect([meta.format, meta.width, meta.height]).to.deep.equal([
      'jpeg',
      SHARE_CARD_WIDTH,
      SHARE_CARD_HEIGHT,
    ]);
    const [red, green, blue] = await Promise.all([
      bandColour(card, 20, 360),
      bandColour(card, 420, 360),
      bandColour(card, 820, 360),
    ]);
    for (const [band, expected] of [
      [red, [200, 30, 30]],
      [green, [30, 200, 30]],
      [blue, [30, 30, 200]],
    ] as const)
      for (const [i, value] of band.entries())
        expect(Math.abs(value - (expected[i] ?? 0))).to.be.below(12);
  });

  it('fills the card with one piece, and with the background when there is none', async () => {
    const one = await makeShareCard([await plain(200, 30, 30)]);
    expect(await bandColour(one, 0, 1200)).to.satisfy((c: number[]) => (c[0] ?? 0) > 180);
    const none = await makeShareCard([]);
    const meta = await sharp(none).metadata();
    expect([meta.width, meta.height]).to.deep.equal([SHARE_CARD_WIDTH, SHARE_CARD_HEIGHT]);
    expect(await bandColour(none, 0, 1200)).to.deep.equal([26, 26, 26]);
  });

  it('refuses a piece it cannot decode, naming it as sharp does', async () => {
    let error: unknown;
    await makeShareCard([Buffer.from('not an image')]).catch((e: unknown) => {
      error = e;
    });
    expect((error as Error).message).to.match(/unsupported image format/);
  });
});
