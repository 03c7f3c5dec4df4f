// Reading one page, the step both paths share: the plain HTML (one view of the page) and the
// browser's snapshots (the page as rendered, scrolled and revealed) give the page's image
// candidates, at the full size the page's data names, and its portfolio-looking links; and
// whether a plain read can be trusted or the page needs the browser.
import * as cheerio from 'cheerio';
import type { FoundBy } from '../../core/images/provenance.ts';
import { extractCandidates, type ImageCandidate } from './candidates.ts';
import { type PageData, renditionsInData } from './data-renditions.ts';
import { fullSizeUrl } from './full-size.ts';
import { notPortfolioReason } from './image-filters.ts';
import { portfolioLinks } from './links.ts';

/** What one page showed, before the site-wide decision on chrome. */
export interface PageRead {
  url: string;
  candidates: (ImageCandidate & { step?: FoundBy })[];
}

/** One view of a page: its HTML (as text or parsed), and the browser step that showed it. */
export interface PageView {
  html: string | cheerio.CheerioAPI;
  step?: FoundBy;
}

/** A page read: its candidates, its links, and the last view parsed. */
export interface PageReading extends PageRead {
  links: string[];
  $: cheerio.CheerioAPI | undefined;
}

/** Scripts that only measure or advertise: they never write a gallery. */
const TRACKER_SCRIPT =
  /googletagmanager|google-analytics|gtag\/js|facebook\.net|connect\.facebook|hotjar|clarity\.ms|plausible|matomo|cloudflareinsights|doubleclick/i;
/** Inline script code that changes the page or asks for more of it. */
const PAGE_WRITING =
  /fetch\(|XMLHttpRequest|\.innerHTML|appendChild|insertAdjacent|createElement|IntersectionObserver|\.append\(|\.html\(|\$\(|jQuery|new [A-Z]\w+\(/;

/**
 * Reads the page at `url` from its views (first to last) and the data it loaded: each image
 * once (its first sighting), at the full size the data or the last view's inline scripts name;
 * links from the last view.
 */
export function readPage(url: string, views: PageView[], data: PageData[] = []): PageReading {
  const parsed = views.map((view) => ({
    step: view.step,
    $: typeof view.html === 'string' ? cheerio.load(view.html) : view.html,
  }));
  const last = parsed.at(-1);
  const renditions = renditionsInData([...data, ...(last ? inlineScripts(last.$, url) : [])], url);
  const candidates: PageRead['candidates'] = [];
  const seen = new Set<string>();
  for (const view of parsed) {
    for (const candidate of withDataRenditions(extractCandidates(view.$, url), renditions)) {
      if (seen.has(candidate.url)) continue;
      seen.add(candidate.url);
      candidates.push(view.step ? { ...candidate, step: view.step } : candidate);
    }
  }
  return { url, candidates, links: last ? portfolioLinks(last.$, url) : [], $: last?.$ };
}

/** The inline scripts of a page, as data that may name full sizes. */
function inlineScripts($: cheerio.CheerioAPI, pageUrl: string): PageData[] {
  return $('script:not([src])')
    .toArray()
    .map((script) => ({ text: $(script).text(), baseUrl: pageUrl }));
}

/** Candidates whose full size the page's data names, at that full size. */
function withDataRenditions(
  candidates: ImageCandidate[],
  renditions: Map<string, string>,
): ImageCandidate[] {
  if (renditions.size === 0) return candidates;
  return candidates.map((candidate) => {
    const full = renditions.get(candidate.url);
    if (!full) return candidate;
    const { width: _width, height: _height, ...rest } = candidate;
    return {
      ...rest,
      url: full,
      via: 'network',
      renditions: [...new Set([candidate.url, ...(candidate.renditions ?? [])])],
    };
  });
}

/** Why the plain HTML of a page cannot be trusted to show its gallery, or undefined. */
export function needsBrowser(
  $: cheerio.CheerioAPI,
  candidates: ImageCandidate[],
): string | undefined {
  if (!candidates.some((c) => !c.chrome && !notPortfolioReason(fullSizeUrl(c.url), c)))
    return 'no photo in its HTML';
  const scripts = $('script')
    .toArray()
    .filter((script) => {
      const type = ($(script).attr('type') ?? '').toLowerCase();
      if (type && !/javascript|module|^$/.test(type)) return false;
      const src = $(script).attr('src');
      if (src) return !TRACKER_SCRIPT.test(src);
      return PAGE_WRITING.test($(script).text()) && !TRACKER_SCRIPT.test($(script).text());
    });
  return scripts.length > 0 ? 'its scripts write the page' : undefined;
}
