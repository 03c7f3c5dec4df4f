// What on a page is not portfolio: logos, icons, sprites, avatars, tracking pixels.

const NOT_PORTFOLIO =
  /(?:^|[/_\-.])(?:logo|logos|icon|icons|favicon|sprite|sprites|avatar|badge|button|arrow|placeholder|spinner|loader|loading|pixel|spacer|blank|social|facebook|instagram-icon|emoji)(?:[/_\-.@]|\d|$)/i;
const TRACKERS =
  /(?:facebook\.com\/tr|google-analytics\.com|googletagmanager\.com|doubleclick\.net|bat\.bing\.com|pixel\.|analytics\.)/i;
/** Work a tattoo portfolio does not hold: piercing, henna, jewellery (in several languages). */
const NOT_TATTOO_WORK =
  /(?:^|[^a-z])(?:piercings?|pierced|henna|mehndi|mehendi|mehandi|jewell?ery|jewelry|bijoux|joyer[ií]a|schmuck|microblading|permanent[- ]make[- ]?up)(?:[^a-z]|$)/i;
const NOT_PHOTO_EXTENSION = /\.(?:svg|ico|cur)(?:$|\?)/i;

export interface CandidateHints {
  /** Declared or measured width and height, when known. */
  width?: number;
  height?: number;
  /** alt text, class and id of the element, to catch "logo" and "icon" there too. */
  context?: string;
  /** What the page says of the image. */
  caption?: string;
}

/** Smallest side (px) an image needs to be taken for a portfolio photo. */
export const MIN_PHOTO_SIDE = 200;

/** Why `url` is not a portfolio photo, or undefined when it may be one. */
export function notPortfolioReason(url: string, hints: CandidateHints = {}): string | undefined {
  if (!/^https?:/i.test(url)) return 'not an http(s) URL';
  if (TRACKERS.test(url)) return 'tracking pixel';
  if (NOT_PHOTO_EXTENSION.test(url)) return 'vector or icon format';
  const path = decodeURIComponentSafe(new URL(url).pathname);
  if (NOT_PORTFOLIO.test(path)) return 'logo, icon or sprite by its name';
  if (
    hints.context &&
    NOT_PORTFOLIO.test(` ${hints.context} `.replace(/\s+/g, ' ').replace(/ /g, '-'))
  ) {
    return 'logo, icon or sprite by its element';
  }
  const words = [path, hints.context, hints.caption].filter(Boolean).join(' ');
  const other = NOT_TATTOO_WORK.exec(words)?.[0];
  if (other)
    return `not tattoo work (${other
      .replace(/[^a-z ]/gi, '')
      .trim()
      .toLowerCase()})`;
  const { width, height } = hints;
  if (
    (width !== undefined && width < MIN_PHOTO_SIDE) ||
    (height !== undefined && height < MIN_PHOTO_SIDE)
  ) {
    if ((width ?? MIN_PHOTO_SIDE) <= 2 && (height ?? MIN_PHOTO_SIDE) <= 2) return 'tracking pixel';
    return `too small (${width ?? '?'}x${height ?? '?'})`;
  }
  return undefined;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
