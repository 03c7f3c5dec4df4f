// What a website read is given and what it gives back: the options of the crawl, the pages it
// read, the images it took for portfolio and what it left out, and why.
import type { FoundBy } from '../../core/images/provenance.ts';
import type { FetchLike } from '../web/download.ts';
import type { RobotsPolicy } from '../web/robots.ts';
import type { SsrfGuard } from '../web/ssrf-guard.ts';
import type { ImageCandidate } from './candidates.ts';
import type { RenderBudget } from './render.ts';

export interface WebsiteOptions {
  fetch: FetchLike;
  robots: RobotsPolicy;
  guard: SsrfGuard;
  userAgent: string;
  /** Pages visited at most, over both paths. */
  pageBudget: number;
  /** Pause between two pages of one host, unless robots.txt asks for more. */
  hostDelayMs: number;
  chrome: { executablePath: string; args: string[] };
  /** How long the browser may spend on one page, and how many revealing clicks it makes. */
  render?: Partial<RenderBudget>;
  /** `browser` reads every page in Chromium, skipping the plain path (for comparisons). */
  mode?: 'auto' | 'browser';
}

export interface WebsiteImage extends ImageCandidate {
  /** The first page that shows it. */
  pageUrl: string;
  /** How it was found: where its URL was, and what made it appear. */
  foundBy: FoundBy[];
}

export interface WebsitePage {
  url: string;
  via: 'http' | 'browser';
  /** Portfolio images the page shows. */
  images: number;
  /** Why the page was read again in Chromium. */
  escalated?: string;
}

/** Why a candidate image was not taken for portfolio. */
export type LeftOutCode = 'thumbnail' | 'site-chrome' | 'not-portfolio';

export interface WebsiteResult {
  pages: WebsitePage[];
  images: WebsiteImage[];
  /** Candidate images left out, each once, and why. */
  leftOut: { url: string; code: LeftOutCode; reason: string }[];
  /**
   * Photos the site shows as its chrome (a headshot in the hero, the logo card, the studio in
   * the about section): a portfolio image with the same bytes is a copy of chrome.
   */
  chrome: string[];
  /** Pages and requests not fetched and why (robots.txt, the SSRF guard, a repeated page). */
  skipped: { url: string; reason: string }[];
  errors: { url: string; reason: string }[];
  /** Every in-scope page the crawl came to know of (linked, listed in a sitemap), read or not. */
  pagesFound: string[];
  /** Whether the page budget left some of those unread. */
  truncated: boolean;
  /** Pages read only in part (render.ts: the time, the clicks or the size ran out), and why. */
  cutShort: { url: string; reason: string }[];
}
