// The one place that turns an ImageView into markup, shared by the directory, the gallery
// and the viewer so every image reserves its box and shows a placeholder the same way.
import { thumbHashToDataURL } from 'thumbhash';
import type { ImageView } from '../../../core/api/contract.ts';
import { GALLERY_LAYOUTS } from '../../../core/pages/gallery-layout.ts';
import { element } from './dom.ts';

export interface PictureOptions {
  /** The `sizes` attribute: it must describe the box the image is laid out in. */
  sizes: string;
  /** On the first screen: fetch now. Otherwise the image is fetched as it nears the viewport. */
  eager: boolean;
  /** The likely LCP images: ask for them before other images. */
  highPriority: boolean;
}

/**
 * How far below the viewport an image starts loading: a quarter of a screen. The browser's
 * own lazy loading starts 1250-2500 px away, which on a phone fetches four or five images
 * nobody sees on the first screen; the frame's colour and ThumbHash stand in meanwhile.
 */
const LOAD_AHEAD = '0px 0px 25% 0px';

/** Pictures waiting to near the viewport, with what each is given when it does. */
const waiting = new WeakMap<Element, () => void>();
let observer: IntersectionObserver | undefined;

function whenNear(target: Element, load: () => void): void {
  if (typeof IntersectionObserver === 'undefined') {
    load();
    return;
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer?.unobserve(entry.target);
        waiting.get(entry.target)?.();
        waiting.delete(entry.target);
      }
    },
    { rootMargin: LOAD_AHEAD },
  );
  waiting.set(target, load);
  observer.observe(target);
}

/** How many gallery images the first row holds at the current viewport width. */
export function firstRowLength(): number {
  const layout = GALLERY_LAYOUTS.find(
    (candidate) =>
      candidate.minWidth === 0 || matchMedia(`(min-width: ${candidate.minWidth}px)`).matches,
  );
  return layout?.columns ?? 1;
}

/**
 * A `<picture>` offering AVIF, then WebP, with the WebP rung as the `<img>` fallback. The
 * width and height attributes give the browser the ratio before any byte arrives. A picture
 * that is not eager gets its sources only as it nears the viewport.
 */
export function buildPicture(image: ImageView, options: PictureOptions): HTMLPictureElement {
  const picture = element('picture');
  const sources: [HTMLSourceElement, string][] = [];
  for (const [type, srcset] of [
    ['image/avif', image.srcset.avif],
    ['image/webp', image.srcset.webp],
  ] as const) {
    if (!srcset) continue;
    const source = element('source');
    source.type = type;
    source.sizes = options.sizes;
    sources.push([source, srcset]);
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
  picture.append(img);
  const load = () => {
    for (const [source, srcset] of sources) source.srcset = srcset;
    img.src = image.src;
  };
  if (options.eager) load();
  else whenNear(picture, load);
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
