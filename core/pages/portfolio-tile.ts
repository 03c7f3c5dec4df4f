// The markup of one portfolio image, the one definition: a box of the image's ratio painted with
// its dominant colour, a <picture> offering AVIF then WebP with the WebP rung as the <img>
// fallback, width and height given so nothing moves when it arrives. As a gallery tile it is a
// link to the image at its largest: without a script it opens the image, with one the viewer.
import type { ImageView } from '../api/contract.ts';
import { type Html, html, safeUrl } from './html.ts';

export interface TileOptions {
  /** Its place in the gallery (the viewer walks the gallery by it). */
  index: number;
  /** The `sizes` attribute: the width of the box the image is laid out in. */
  sizes: string;
  /** On the first screen: loaded at once. Otherwise when it nears the viewport. */
  eager: boolean;
  /** The likely LCP image: asked for before the others. */
  highPriority: boolean;
}

/** A dominant colour as CSS: only `#rrggbb` passes (the value comes from the data). */
export function frameColour(colour: string): string | undefined {
  return /^#[0-9a-f]{6}$/i.test(colour) ? colour : undefined;
}

/** The frame's inline style: the image's ratio, and its colour under it until it arrives. */
export function frameStyle(image: Pick<ImageView, 'width' | 'height' | 'colour'>): string {
  const colour = frameColour(image.colour);
  return [
    `aspect-ratio: ${image.width} / ${image.height}`,
    `--ratio: ${image.width / image.height}`,
    ...(colour ? [`background-color: ${colour}`] : []),
  ].join('; ');
}

/** The URL of the largest rung of a srcset (`/img/a/b/1920.webp 1920w, …`), if any. */
export function largestOf(srcset: string | undefined): string | undefined {
  let best: { url: string; width: number } | undefined;
  for (const candidate of (srcset ?? '').split(',')) {
    const [url, descriptor] = candidate.trim().split(/\s+/);
    const width = Number.parseInt(descriptor ?? '', 10);
    if (url && Number.isFinite(width) && (!best || width > best.width)) best = { url, width };
  }
  return best?.url;
}

/** The `<picture>` of an image, in its frame. */
export function framedPicture(image: ImageView, options: Omit<TileOptions, 'index'>): Html {
  const sources = (['avif', 'webp'] as const).flatMap((format) => {
    const srcset = image.srcset[format];
    return srcset
      ? [html`<source type="image/${format}" srcset="${srcset}" sizes="${options.sizes}">`]
      : [];
  });
  return html`<span class="frame" style="${frameStyle(image)}"><picture>${sources}<img src="${safeUrl(image.src) ?? ''}" width="${image.width}" height="${image.height}" alt="${image.alt}" decoding="async" loading="${options.eager ? 'eager' : 'lazy'}"${options.highPriority ? html` fetchpriority="high"` : ''}></picture></span>`;
}

/** A gallery tile: the framed picture, a link to the image at its largest. */
export function portfolioTile(image: ImageView, options: TileOptions): Html {
  const full = safeUrl(largestOf(image.srcset.webp) ?? image.src) ?? '';
  return html`<a class="gallery-item" href="${full}" data-index="${options.index}">${framedPicture(image, options)}</a>`;
}
