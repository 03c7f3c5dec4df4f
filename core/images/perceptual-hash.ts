// Perceptual hashes: the same photo re-encoded or resized hashes within a few bits.
import phash from 'sharp-phash';
import phashDistance from 'sharp-phash/distance.js';

/** Two images whose hashes differ in at most this many of 64 bits are the same photo. */
export const DUPLICATE_MAX_DISTANCE = 10;

/**
 * The 64-bit DCT perceptual hash (sharp-phash) of an 8-bit greyscale 32x32 thumbnail, as 16
 * hex digits.
 */
export async function perceptualHash(grey32: Buffer): Promise<string> {
  const bits = await phash(grey32, { raw: { width: 32, height: 32, channels: 1 } });
  return BigInt(`0b${bits}`).toString(16).padStart(16, '0');
}

/** The number of differing bits between two hex perceptual hashes. */
export function hashDistance(a: string, b: string): number {
  const bits = (hex: string) => BigInt(`0x${hex}`).toString(2).padStart(64, '0');
  return phashDistance(bits(a), bits(b));
}
