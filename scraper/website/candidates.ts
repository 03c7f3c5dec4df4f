// Every image a page offers: img/srcset/picture, data-src/data-srcset, noscript fallbacks,
// CSS background-image, og:image and JSON-LD, each resolved to an absolute URL.
import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { CandidateHints } from './image-filters.ts';

export interface ImageCandidate extends CandidateHints {
  url: string;
  /** What the page says of the image: its figure's caption, else its alt text. */
  caption?: string;
  /** Where on the page it was found. */
  via: 'img' | 'srcset' | 'data-src' | 'noscript' | 'background' | 'og:image' | 'json-ld';
}

const LAZY_ATTRIBUTES = [
  'data-src',
  'data-lazy-src',
  'data-original',
  'data-image',
  'data-full',
  'data-large_image',
];
const LAZY_SRCSET = ['data-srcset', 'data-lazy-srcset'];

/** The candidates in `html`, a page at `pageUrl`. */
export function extractCandidates(html: string, pageUrl: string): ImageCandidate[] {
  const $ = cheerio.load(html);
  const found: ImageCandidate[] = [];
  const add = (
    raw: string | undefined,
    via: ImageCandidate['via'],
    hints: CandidateHints & { caption?: string } = {},
  ) => {
    const url = absolute(raw, pageUrl);
    if (url) found.push({ url, via, ...hints });
  };
  const collect = (doc: cheerio.CheerioAPI, fromNoscript: boolean) => {
    doc('img, source').each((_, element) => {
      const el = doc(element);
      const caption = captionOf(el);
      const hints = { ...hintsOf(el), ...(caption && { caption }) };
      if (element.tagName === 'img') add(el.attr('src'), fromNoscript ? 'noscript' : 'img', hints);
      for (const attribute of LAZY_ATTRIBUTES) {
        add(el.attr(attribute), fromNoscript ? 'noscript' : 'data-src', hints);
      }
      for (const attribute of ['srcset', ...LAZY_SRCSET]) {
        const best = largestFromSrcset(el.attr(attribute));
        if (!best) continue;
        const via = fromNoscript ? 'noscript' : attribute === 'srcset' ? 'srcset' : 'data-src';
        // The srcset says the width of the file it names; the element's own size says less.
        add(best.url, via, {
          ...(hints.context && { context: hints.context }),
          ...(caption && { caption }),
          ...(best.width && { width: best.width }),
        });
      }
    });
  };
  collect($, false);
  $('noscript').each((_, element) => {
    collect(cheerio.load($(element).text() || $(element).html() || ''), true);
  });
  $('[style*="background"]').each((_, element) => {
    const el = $(element);
    for (const url of backgroundUrls(el.attr('style') ?? '')) add(url, 'background', hintsOf(el));
  });
  $('style').each((_, element) => {
    for (const url of backgroundUrls($(element).text())) add(url, 'background');
  });
  $('meta[property="og:image"], meta[property="og:image:url"], meta[name="twitter:image"]').each(
    (_, element) => {
      add($(element).attr('content'), 'og:image');
    },
  );
  $('script[type="application/ld+json"]').each((_, element) => {
    for (const url of jsonLdImages($(element).text())) add(url, 'json-ld');
  });
  return dedupe(found);
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

function backgroundUrls(css: string): string[] {
  return [...css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)].map((match) => match[2] as string);
}

function jsonLdImages(text: string): string[] {
  const urls: string[] = [];
  const visit = (value: unknown, key?: string) => {
    if (typeof value === 'string') {
      if (key && /^(image|contentUrl|thumbnailUrl|logo)$/.test(key) && key !== 'logo')
        urls.push(value);
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

function absolute(raw: string | undefined, base: string): string | undefined {
  const value = raw?.trim();
  if (!value || value.startsWith('data:')) return undefined;
  try {
    const url = new URL(value, base);
    url.hash = '';
    return /^https?:$/.test(url.protocol) ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function dedupe(candidates: ImageCandidate[]): ImageCandidate[] {
  const seen = new Map<string, ImageCandidate>();
  for (const candidate of candidates)
    if (!seen.has(candidate.url)) seen.set(candidate.url, candidate);
  return [...seen.values()];
}
