// Comparing images by what they look like, not by their bytes (as sharp's own tests do).
import sharp from 'sharp';

/** Mean absolute difference per channel (0-255) of two images, compared at 64x64 sRGB. */
export async function meanDifference(a: Buffer, b: Buffer): Promise<number> {
  const flat = (input: Buffer) =>
    sharp(input)
      .flatten({ background: '#ffffff' })
      .resize({ width: 64, height: 64, fit: 'fill' })
      .toColourspace('srgb')
      .raw()
      .toBuffer();
  const [pa, pb] = await Promise.all([flat(a), flat(b)]);
  let sum = 0;
  for (let i = 0; i < pa.length; i++) sum += Math.abs((pa[i] ?? 0) - (pb[i] ?? 0));
  return sum / pa.length;
}
