// The dominant colour of an image: the mean of the most populated colour bin.

/**
 * The dominant colour of RGBA pixels as `#rrggbb`: pixels are binned by the top 4 bits of
 * each channel (4096 bins), the fullest bin wins and its pixels are averaged, so a flat colour
 * comes back exactly. Pixels under half opacity are ignored unless every pixel is.
 */
export function dominantColour(rgba: Uint8Array): string {
  const bins = new Uint32Array(4096 * 4); // count, sum r, sum g, sum b
  const pixels = rgba.length / 4;
  let opaque = 0;
  for (let i = 0; i < pixels; i++) if ((rgba[i * 4 + 3] ?? 0) >= 128) opaque++;
  const minAlpha = opaque > 0 ? 128 : 0;
  for (let i = 0; i < pixels; i++) {
    const o = i * 4;
    const r = rgba[o] ?? 0;
    const g = rgba[o + 1] ?? 0;
    const b = rgba[o + 2] ?? 0;
    if ((rgba[o + 3] ?? 0) < minAlpha) continue;
    const bin = (((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4)) * 4;
    bins[bin] = (bins[bin] ?? 0) + 1;
    bins[bin + 1] = (bins[bin + 1] ?? 0) + r;
    bins[bin + 2] = (bins[bin + 2] ?? 0) + g;
    bins[bin + 3] = (bins[bin + 3] ?? 0) + b;
  }
  let best = 0;
  for (let bin = 4; bin < bins.length; bin += 4) {
    if ((bins[bin] ?? 0) > (bins[best] ?? 0)) best = bin;
  }
  const count = bins[best] || 1;
  const channel = (offset: number) =>
    Math.round((bins[best + offset] ?? 0) / count)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(1)}${channel(2)}${channel(3)}`;
}
