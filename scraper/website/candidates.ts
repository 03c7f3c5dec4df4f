// Every image a page offers, one candidate per piece: an <img> with all its renditions (src,
// srcset, <picture> sources, lazy data-src, the link wrapping it, lightbox data-* attributes)
// resolved to the largest, plus links and data-* attributes naming images on their own, CSS
// backgrounds, noscript fallbacks and page metadata. Each says how it was found and, where the
// page shows it as site chrome (header, about section, a banner to another site), why.
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { FoundBy } from '../../core/images/provenance.ts';
import { THUMB_KEY } from './data-renditions.ts';
import type { CandidateHints } from './image-filters.ts';
import { CHROME_PAGE, chromeOf, personOrPlace, sameHost } from './site-chrome.ts';
import { absoluteUrl, isImageUrl } from './urls.ts';

export interface ImageCandidate extends CandidateHints {
  /** The largest rendition the page names. */
  url: string;
  /** What the page says of the image: its figure's caption, else its alt text. */
  caption?: string;
  /** How the page names `url`. */
  via: FoundBy;
  /** Smaller renditions of the same piece (thumbnails): never stored on their own. */
  renditions?: string[];
  /** Why this is site chrome rather than gallery content, when it is. */
  chrome?: string;
}

/** Attributes lazy loaders put the real image in. */
const LAZY_ATTRIBUTES = [
  'data-src',
  'data-lazy-src',
  'data-original',
  'data-image',
  'data-full',
  'data-large_image',
];
const LAZY_SRCSET = ['data-srcset', 'data-lazy-srcset'];

/** A URL whose path names an image file. */
const IMAGE_PATH = /\.(?:jpe?g|png|webp|avif|gif|heic|heif|tiff?)$/i;

/** Which rendition wins when a piece has several: the lightbox's full size before the grid's. */
const PRIORITY: FoundBy[] = ['link', 'lightbox', 'srcset', 'data-src', 'html', 'noscript'];

/** The candidates in `html` (as text or parsed), a page at `pageUrl`. */
export function extractCandidates(
  html: string | cheerio.CheerioAPI,
  pageUrl: string,
): ImageCandidate[] {
  // A parsed page can be passed in: it is read by several parts, and parsed once.
  const $ = typeof html === 'string' ? cheerio.load(html) : html;
  const found: ImageCandidate[] = [];
  const pageChrome = CHROME_PAGE.test(new URL(pageUrl).pathname)
    ? 'on a page about the studio, not its work'
    : undefined;
  const claimed = new Set<Element>();

  const collect = (doc: cheerio.CheerioAPI, fromNoscript: boolean) => {
    doc('img').each((_, element) => {
      const el = doc(element);
      const renditions: { url: string; via: FoundBy; width?: number }[] = [];
      const add = (raw: string | undefined, via: FoundBy, width?: number) => {
        const url = absoluteUrl(raw, pageUrl);
        if (url)
          renditions.push({ url, via: fromNoscript ? 'noscript' : via, ...(width && { width }) });
      };
      add(el.attr('src'), 'html');
      for (const attribute of LAZY_ATTRIBUTES) add(el.attr(attribute), 'data-src');
      const sources = [
        ...['srcset', ...LAZY_SRCSET].map((attribute) => ({
          srcset: el.attr(attribute),
          via: (attribute === 'srcset' ? 'srcset' : 'data-src') as FoundBy,
        })),
        ...el
          .closest('picture')
          .find('source')
          .toArray()
          .flatMap((source) =>
            ['srcset', ...LAZY_SRCSET].map((attribute) => ({
              srcset: doc(source).attr(attribute),
              via: 'srcset' as FoundBy,
            })),
          ),
      ];
      for (const { srcset, via } of sources) {
        const best = largestFromSrcset(srcset);
        if (best) add(best.url, via, best.width);
      }
      // The link around a thumbnail, and lightbox data-* attributes on the image, its link or
      // its figure, name the full size.
      const link = el.closest('a[href]');
      const href = absoluteUrl(link.attr('href'), pageUrl);
      if (href && IMAGE_PATH.test(new URL(href).pathname)) add(href, 'link');
      for (const holder of [element, link.get(0), ...wrappers(doc, el)] as (
        | Element
        | undefined
      )[]) {
        if (!holder) continue;
        claimed.add(holder);
        for (const [name, value] of Object.entries(holder.attribs ?? {})) {
          // On the image itself a data-src is its lazy source (above); on its link or its
          // figure it is the lightbox's full size (Fancybox, lightGallery).
          if (!name.startsWith('data-') || (holder === element && LAZY_ATTRIBUTES.includes(name)))
            continue;
          // A low-quality placeholder is no full size; a list of several images names other
          // pieces, not renditions of this one.
          if (THUMB_KEY.test(name.slice(5))) continue;
          const urls = imageUrlsIn(value, pageUrl);
          if (urls.length === 1) renditions.push({ url: urls[0] as string, via: 'lightbox' });
        }
      }
      if (link.get(0)) claimed.add(link.get(0) as Element);
      if (renditions.length === 0) return;
      const best = pickLargest(renditions);
      const caption = captionOf(el);
      const hints = hintsOf(el);
      const others = [...new Set(renditions.map((r) => r.url))].filter((url) => url !== best.url);
      const chrome =
        pageChrome ??
        chromeOf(doc, el) ??
        (href && !IMAGE_PATH.test(new URL(href).pathname) && !sameHost(href, pageUrl)
          ? 'a banner or button linking to another site'
          : undefined) ??
        personOrPlace(el.attr('alt'));
      found.push({
        url: best.url,
        via: best.via,
        // A size declared on the element is the thumbnail's when a larger rendition was picked.
        ...(best.url === absoluteUrl(el.attr('src'), pageUrl) || others.length === 0
          ? hints
          : {
              ...(hints.context && { context: hints.context }),
              ...(best.width && { width: best.width }),
            }),
        ...(caption && { caption }),
        ...(others.length > 0 && { renditions: others }),
        ...(chrome && { chrome }),
      });
    });
  };
  collect($, false);
  $('noscript').each((_, element) => {
    collect(cheerio.load($(element).text() || $(element).html() || ''), true);
  });

  // Links and lightbox attributes naming images without an <img> of their own.
  $('*').each((_, node) => {
    const element = node as Element;
    if (claimed.has(element) || !element.attribs) return;
    const el = $(element);
    const chrome = pageChrome ?? chromeOf($, el);
    for (const [name, value] of Object.entries(element.attribs)) {
      let urls: string[] = [];
      let via: FoundBy = 'lightbox';
      if (name === 'href' && element.tagName === 'a') {
        const url = absoluteUrl(value, pageUrl);
        if (url && IMAGE_PATH.test(new URL(url).pathname)) urls = [url];
        via = 'link';
      } else if (name.startsWith('data-')) {
        urls = imageUrlsIn(value, pageUrl);
        if (LAZY_ATTRIBUTES.includes(name)) via = 'data-src';
      }
      for (const url of urls) found.push({ url, via, ...hintsOf(el), ...(chrome && { chrome }) });
    }
  });

  $('[style*="background"]').each((_, element) => {
    const el = $(element);
    const chrome = pageChrome ?? chromeOf($, el);
    for (const url of backgroundUrls(el.attr('style') ?? '')) {
      const resolved = absoluteUrl(url, pageUrl);
      if (resolved)
        found.push({ url: resolved, via: 'background', ...hintsOf(el), ...(chrome && { chrome }) });
    }
  });
  $('style').each((_, element) => {
    for (const url of backgroundUrls($(element).text())) {
      const resolved = absoluteUrl(url, pageUrl);
      if (resolved)
        found.push({ url: resolved, via: 'background', chrome: 'a stylesheet background' });
    }
  });
  // A page's social preview and structured data picture the business, not one piece.
  const metadata = 'page metadata (social preview or structured data), not gallery content';
  $('meta[property="og:image"], meta[property="og:image:url"], meta[name="twitter:image"]').each(
    (_, element) => {
      const url = absoluteUrl($(element).attr('content'), pageUrl);
      if (url) found.push({ url, via: 'og:image', chrome: metadata });
    },
  );
  $('script[type="application/ld+json"]').each((_, element) => {
    for (const raw of jsonLdImages($(element).text())) {
      const url = absoluteUrl(raw, pageUrl);
      if (url) found.push({ url, via: 'json-ld', chrome: metadata });
    }
  });
  return merge(found);
}

/** The figure or list item around an image, when it holds that one image only. */
function wrappers(doc: cheerio.CheerioAPI, el: cheerio.Cheerio<Element>): Element[] {
  const out: Element[] = [];
  let current = el.parent();
  for (let depth = 0; depth < 2 && current.length > 0; depth++) {
    const node = current.get(0) as Element;
    if (!node.attribs || doc(node).find('img').length !== 1) break;
    out.push(node);
    current = current.parent();
  }
  return out;
}

/** The image URLs an attribute value holds: one URL, or a JSON object or array of them. */
function imageUrlsIn(value: string, pageUrl: string): string[] {
  const text = value.trim();
  if (!text) return [];
  if (/^[[{]/.test(text)) {
    try {
      return imageUrlsInJson(JSON.parse(text)).flatMap((raw) => absoluteUrl(raw, pageUrl) ?? []);
    } catch {
      return [];
    }
  }
  if (/\s/.test(text)) return [];
  const url = absoluteUrl(text, pageUrl);
  return url && IMAGE_PATH.test(new URL(url).pathname) ? [url] : [];
}

function imageUrlsInJson(value: unknown): string[] {
  if (typeof value === 'string') return isImageUrl(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(imageUrlsInJson);
  if (value && typeof value === 'object') return Object.values(value).flatMap(imageUrlsInJson);
  return [];
}

/** The rendition to keep: the largest declared width, else the lightbox's or link's file. */
function pickLargest(renditions: { url: string; via: FoundBy; width?: number }[]) {
  const rank = (via: FoundBy) => {
    const index = PRIORITY.indexOf(via);
    return index === -1 ? PRIORITY.length : index;
  };
  const sorted = [...renditions].sort(
    (a, b) => rank(a.via) - rank(b.via) || (b.width ?? 0) - (a.width ?? 0),
  );
  const best = sorted[0] as (typeof renditions)[number];
  // The way a file is named on the page that says the least: `html` when the grid shows the
  // very file the lightbox opens.
  const namings = renditions.filter((r) => r.url === best.url);
  const plainest = namings.sort((a, b) => rank(b.via) - rank(a.via))[0] ?? best;
  const width = Math.max(0, ...namings.map((r) => r.width ?? 0));
  return { url: best.url, via: plainest.via, ...(width > 0 && { width }) };
}

/** One candidate per URL: the first sighting, chrome if any sighting is, with every rendition. */
function merge(candidates: ImageCandidate[]): ImageCandidate[] {
  const byUrl = new Map<string, ImageCandidate>();
  for (const candidate of candidates) {
    const seen = byUrl.get(candidate.url);
    if (!seen) {
      byUrl.set(candidate.url, candidate);
      continue;
    }
    const renditions = [...new Set([...(seen.renditions ?? []), ...(candidate.renditions ?? [])])];
    byUrl.set(candidate.url, {
      ...seen,
      ...(!seen.caption && candidate.caption && { caption: candidate.caption }),
      ...(renditions.length > 0 && { renditions }),
      ...(!seen.chrome && candidate.chrome && { chrome: candidate.chrome }),
    });
  }
  // A URL that is a smaller rendition of another piece is not a piece of its own.
  const thumbnails = new Set([...byUrl.values()].flatMap((c) => c.renditions ?? []));
  return [...byUrl.values()].filter((c) => !thumbnails.has(c.url) || c.renditions?.length);
}

/** The widest entry of a srcset, or the last one when none says its width. */
export function largestFromSrcset(
  srcset: string | undefined,
): { url: string; width?: number } | undefined {
  if (!srcset) return undefined;
  const entries = srcset
    .split(/,\s+(?=\S)/)
    .map((entry) => entry.trim().split(/\s+/))
    .filter((parts) => parts[0])
    .map(([url, descriptor]) => {
      const width = /^(\d+)w$/.exec(descriptor ?? '')?.[1];
      const density = /^([\d.]+)x$/.exec(descriptor ?? '')?.[1];
      return {
        url: url as string,
        score: width ? Number(width) : density ? Number(density) * 1000 : 0,
        width: width ? Number(width) : undefined,
      };
    });
  const best = entries.reduce<(typeof entries)[number] | undefined>(
    (a, b) => (!a || b.score >= a.score ? b : a),
    undefined,
  );
  return best && { url: best.url, ...(best.width !== undefined && { width: best.width }) };
}

/**
 * The caption of an image: the text of its figure's figcaption, else its alt text when that
 * says something (not a file name, not a word or two of boilerplate).
 */
function captionOf(el: cheerio.Cheerio<AnyNode>): string | undefined {
  const clean = (text: string | undefined) => text?.replace(/\s+/g, ' ').trim() || undefined;
  const figcaption = clean(el.closest('figure').find('figcaption').first().text());
  if (figcaption) return figcaption.slice(0, 2200);
  const alt = clean(el.attr('alt'));
  if (
    !alt ||
    alt.length < 3 ||
    /\.(jpe?g|png|webp|gif|avif)$/i.test(alt) ||
    /^(image|photo|img)\b/i.test(alt)
  ) {
    return undefined;
  }
  return alt.slice(0, 2200);
}

function hintsOf(el: cheerio.Cheerio<AnyNode>): CandidateHints {
  const number = (value: string | undefined) =>
    value && /^\d+$/.test(value) ? Number(value) : undefined;
  const width = number(el.attr('width'));
  const height = number(el.attr('height'));
  const context = [
    el.attr('alt'),
    el.attr('class'),
    el.attr('id'),
    el.parent().attr('class'),
    el.parent().attr('id'),
  ]
    .filter(Boolean)
    .join(' ');
  return {
    ...(width !== undefined && { width }),
    ...(height !== undefined && { height }),
    ...(context && { context }),
  };
}

/** The url(...) values of a style (its first 1 MB): quoted or not, each at most 2 KB. */
function backgroundUrls(css: string): string[] {
  return [
    ...css
      .slice(0, 1024 * 1024)
      .matchAll(
        /url\(\s{0,16}(?:"([^"]{1,2048})"|'([^']{1,2048})'|([^'"()\s]{1,2048}))\s{0,16}\)/g,
      ),
  ].map((match) => (match[1] ?? match[2] ?? match[3]) as string);
}

function jsonLdImages(text: string): string[] {
  const urls: string[] = [];
  const visit = (value: unknown, key?: string) => {
    if (typeof value === 'string') {
      if (key && /^(image|contentUrl|thumbnailUrl)$/.test(key)) urls.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k === 'url' && key ? key : k);
    }
  };
  try {
    visit(JSON.parse(text));
  } catch {
    // Malformed JSON-LD is common; it simply offers nothing.
  }
  return urls;
}
