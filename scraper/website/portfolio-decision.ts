// The site-wide decision on what is portfolio, over every page read: a piece is kept once, at
// its largest rendition; thumbnails of a kept piece, site chrome (where a page shows it, or
// shown on most pages) and what the filters refuse are left out with their reason.
import type { FoundBy } from '../../core/images/provenance.ts';
import type { ImageCandidate } from './candidates.ts';
import { fullSizeUrl } from './full-size.ts';
import { notPortfolioReason } from './image-filters.ts';
import type { PageRead } from './page-read.ts';
import type { LeftOutCode, WebsiteResult } from './website-types.ts';

/** Chrome photos kept for the copy check, at most: each costs a (polite) download. */
const MAX_CHROME_REFERENCES = 12;

/**
 * The site-wide decision: a piece is kept once, at its largest rendition; thumbnails of a kept
 * piece, chrome (by where a page shows it, or shown on most pages), and what the filters refuse
 * are recorded with their reason.
 */
export function decidePortfolio(
  reads: PageRead[],
  references: PageRead[],
  result: WebsiteResult,
): void {
  const sightings = new Map<
    string,
    {
      candidate: ImageCandidate;
      pageUrl: string;
      pages: Set<string>;
      foundBy: Set<FoundBy>;
      chrome?: string;
    }
  >();
  const renditions = new Map<string, string>();
  for (const read of reads) {
    for (const candidate of read.candidates) {
      const url = fullSizeUrl(candidate.url);
      let seen = sightings.get(url);
      if (!seen) {
        seen = {
          candidate: { ...candidate, url },
          pageUrl: read.url,
          pages: new Set(),
          foundBy: new Set(),
        };
        sightings.set(url, seen);
      }
      seen.pages.add(read.url);
      seen.foundBy.add(candidate.via);
      if (candidate.step && candidate.step !== 'script') seen.foundBy.add(candidate.step);
      else if (candidate.step === 'script') seen.foundBy.add('script');
      if (candidate.chrome && !seen.chrome) seen.chrome = candidate.chrome;
      if (!seen.candidate.caption && candidate.caption) seen.candidate.caption = candidate.caption;
      for (const rendition of candidate.renditions ?? []) {
        const thumb = fullSizeUrl(rendition);
        if (thumb !== url) renditions.set(thumb, url);
      }
    }
  }
  // An image on nearly every page of a site is part of its frame (a logo, a banner, a footer
  // photo). A small site (one page and its translation) shows its gallery on each of them.
  const pageCount = reads.length;
  const repeatedAt = Math.ceil(pageCount * 0.8);
  const chrome = (url: string) => {
    // By its URL only: a logo named so by its alt text is still worth comparing with.
    if (result.chrome.length < MAX_CHROME_REFERENCES && !notPortfolioReason(url))
      result.chrome.push(url);
  };
  for (const [url, seen] of sightings) {
    const refuse = (code: LeftOutCode, reason: string) =>
      result.leftOut.push({ url, code, reason });
    const fullSize = renditions.get(url);
    if (fullSize && sightings.has(fullSize) && fullSize !== url) {
      refuse('thumbnail', `a thumbnail of ${fullSize}, whose full size is kept`);
      continue;
    }
    if (seen.chrome) {
      refuse('site-chrome', `site chrome: ${seen.chrome}`);
      chrome(url);
      continue;
    }
    if (pageCount >= 5 && seen.pages.size >= repeatedAt) {
      refuse(
        'site-chrome',
        `site chrome: shown on ${seen.pages.size} of the ${pageCount} pages read`,
      );
      chrome(url);
      continue;
    }
    const reason = notPortfolioReason(url, seen.candidate);
    if (reason) {
      refuse('not-portfolio', reason);
      continue;
    }
    const {
      step: _step,
      chrome: _chrome,
      ...candidate
    } = seen.candidate as PageRead['candidates'][number];
    result.images.push({
      ...candidate,
      url,
      pageUrl: seen.pageUrl,
      foundBy: [...seen.foundBy].sort(),
    });
    for (const page of result.pages) if (seen.pages.has(page.url)) page.images++;
  }
  // The thumbnails a kept piece stands for: never downloaded, said once each.
  const kept = new Set(result.images.map((image) => image.url));
  for (const [thumb, fullSize] of renditions)
    if (!sightings.has(thumb) && kept.has(fullSize))
      result.leftOut.push({
        url: thumb,
        code: 'thumbnail',
        reason: `a thumbnail of ${fullSize}, whose full size is kept`,
      });
  for (const reference of references)
    for (const candidate of reference.candidates) {
      const url = fullSizeUrl(candidate.url);
      if (!sightings.has(url) && !result.chrome.includes(url)) chrome(url);
    }
}
