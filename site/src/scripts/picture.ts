// The one place that turns an ImageView into markup, shared by the directory, the gallery
// and the viewer so every image reserves its box and shows a placeholder the same way.
import { thumbHashToDataURL } from 'thumbhash';
import type { ImageView } from '../../../functions/artist-api/contract.ts';
import { element } from './dom.ts';

export interface PictureOptions {
  /** The `sizes` attribute: it must describe the box the image is laid out in. */
  sizes: string;
  /** Above the fold: fetch now instead of waiting for the image to near the viewport. */
  eager: boolean;
  /** The likely LCP images: ask for them before other images. */
  highPriority: boolean;
}

/**
 * A `<picture>` offering AVIF, then WebP, with the WebP rung as the `<img>` fallback. The
 * width and height attributes give the browser the ratio before any byte arrives.
 */
export function buildPicture(image: ImageView, options: PictureOptions): HTMLPictureElement {
  const picture = element('picture');
  for (const [type, srcset] of [
    ['image/avif', image.srcset.avif],
    ['image/webp', image.srcset.webp],
  ] as const) {
    if (!srcset) continue;
    const source = element('source');
    source.type = type;
    source.srcset = srcset;
    source.sizes = options.sizes;
    picture.append(source);
  }
  const img = element('img');
  // Attributes before `src`, so the first request already knows its priority.
  img.width = image.width;
  img.height = image.height;
  img.alt = image.alt;
  img.decoding = 'async';
  img.loading = options.eager ? 'eager' : 'lazy';
  if (options.highPriority) img.fetchPriority = 'high';
  img.src = image.src;
  picture.append(img);
  return picture;
}

/**
 * The picture in a box of the image's ratio, painted with its dominant colour and blurred
 * ThumbHash until the image covers them. A `span`, so it may sit inside a `<button>`.
 */
export function buildFrame(image: ImageView, options: PictureOptions): HTMLSpanElement {
  const frame = element('span', 'frame');
  frame.style.aspectRatio = `${image.width} / ${image.height}`;
  // The viewer sizes its frame from the ratio so tall images fit the screen.
  frame.style.setProperty('--ratio', String(image.width / image.height));
  frame.style.backgroundColor = image.colour;
  const placeholder = placeholderUrl(image.placeholder);
  if (placeholder !== undefined) frame.style.backgroundImage = `url("${placeholder}")`;
  frame.append(buildPicture(image, options));
  return frame;
}

/** The plain colour box that stands in for an artist without images. */
export function emptyFrame(): HTMLSpanElement {
  return element('span', 'frame frame-empty');
}

/** The ThumbHash as a PNG data URL; a malformed hash just leaves the colour. */
function placeholderUrl(base64: string): string | undefined {
  if (!base64) return undefined;
  try {
    return thumbHashToDataURL(base64ToBytes(base64));
  } catch {
    return undefined;
  }
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
