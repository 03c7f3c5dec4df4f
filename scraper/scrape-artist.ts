// One artist's scrape: Instagram and website images found, downloaded politely, stored once.
import sharp from 'sharp';
import type { Provenance } from '../core/images/provenance.ts';
import type { BatchArtist } from '../core/ingest/batch-artist.ts';
import type { ScrapeReport } from '../core/ingest/run-reports.ts';
import type { SourceHolding } from '../core/sources/source-holdings.ts';
import type { SourceRead } from '../core/sources/source-syncs.ts';
import { imageIdFromSha256 } from '../core/vocabulary/identifiers.ts';
import type { InstagramSource } from './instagram/instagram-post.ts';
import { instagramRead, websiteReads } from './source-reads.ts';
import type { ImageSink } from './storage/image-sink.ts';
import {
  type DownloadLimits,
  type DownloadRetries,
  downloadImage,
  downloadWithRetries,
  type FetchLike,
} from './web/download.ts';
import type { HostScheduler } from './web/host-scheduler.ts';
import type { RobotsPolicy } from './web/robots.ts';
import { MIN_PHOTO_SIDE } from './website/image-filters.ts';
import { scrapeWebsite, type WebsiteOptions } from './website/website-source.ts';

/** An artist to scrape: the batch artist of core/ingest/batch-artist.ts. */
export type ArtistToScrape = BatchArtist;

export interface ScrapeDependencies {
  fetch: FetchLike;
  robots: RobotsPolicy;
  scheduler: HostScheduler;
  download: DownloadLimits;
  /** How a download failing transiently (5xx, 429, a reset) is tried again. */
  downloadRetries?: DownloadRetries;
  website: Omit<WebsiteOptions, 'fetch' | 'robots'>;
  instagram?: InstagramSource | undefined;
  /** Newest posts read per artist. */
  maxPosts?: number;
  sink: ImageSink;
  now?: () => Date;
  /** Called for each image kept or refused, as it happens. */
  onImage?: (line: ImageLine) => void;
}

export type ImageLine =
  | { status: 'stored' | 'duplicate'; url: string; location: string; provenance: Provenance }
  | { status: 'known'; url: string }
  | { status: 'refused'; url: string; code: string; reason: string }
  /** A candidate on a website not taken for portfolio (a thumbnail, site chrome), not downloaded. */
  | { status: 'left-out'; url: string; code: string; reason: string };

/** Refused images named per report. */
const REFUSED_LISTED = 20;

export type { ScrapeReport };

/** A report of nothing done yet for `artist`. */
export function emptyReport(artist: string): ScrapeReport {
  return {
    artist,
    pages: 0,
    browserPages: 0,
    found: 0,
    stored: 0,
    duplicates: 0,
    refused: 0,
    refusedBy: {},
    refusedImages: [],
    leftOut: {},
    robotsBlocked: 0,
    errored: 0,
    errors: [],
    sources: [],
  };
}

interface Found {
  url: string;
  provenance: Provenance;
  /** Website images are fetched under robots.txt; API media URLs are not crawled pages. */
  checkRobots: boolean;
  /** The sources (sourceName) that show it. */
  sources: string[];
}

/**
 * What became of a found image: the content hash of the original it is (stored now, or known
 * from before), or none, and whether its bytes are unknown (any download that did not go
 * through: a 403 from an expired link, a 5xx, robots.txt unreachable, a challenge page where
 * an image was expected) rather than refused for what they are (too small, a chrome copy) or
 * known not to be there (a site's 404 or 410).
 */
type Kept = { sha256: string } | { sha256?: undefined; unknown: boolean };

/** One artist's scrape: the report, and which images each source that was read showed. */
export interface ArtistScrape {
  report: ScrapeReport;
  holdings: SourceHolding[];
}

/** A source's name among the artist's: its kind and id. */
const sourceName = (read: Pick<SourceRead, 'source' | 'id'>) => `${read.source} ${read.id}`;

/** What the site shows as its chrome, by content: a portfolio image with these bytes is a copy. */
type ChromeCopies = Map<string, string>;

/** Scrapes one artist; errors of one source or one image never end the others. */
export async function scrapeArtist(
  artist: ArtistToScrape,
  deps: ScrapeDependencies,
): Promise<ArtistScrape> {
  const now = deps.now ?? (() => new Date());
  const report = emptyReport(artist.slug);
  const found: Found[] = [];

  if (artist.instagram && deps.instagram) {
    const outcome = await deps.instagram.fetchPosts(artist.instagram, deps.maxPosts ?? 200);
    report.sources.push(instagramRead(artist.instagram, outcome, now().toISOString()));
    report.instagram = {
      source: deps.instagram.name,
      status: outcome.status,
      posts: outcome.posts.length,
      ...('reason' in outcome && { reason: outcome.reason }),
    };
    const sources = [sourceName({ source: 'instagram', id: artist.instagram })];
    for (const post of outcome.posts) {
      for (const image of post.images) {
        found.push({
          url: image.url,
          checkRobots: false,
          sources,
          provenance: {
            source: 'instagram',
            sourceUrl: image.url,
            permalink: post.permalink,
            ...(post.caption !== undefined && { caption: post.caption.slice(0, 2200) }),
            ...(post.takenAt !== undefined && { takenAt: post.takenAt }),
          },
        });
      }
    }
  }

  const chrome: ChromeCopies = new Map();
  let websitesWhole = true;
  if (artist.websites.length > 0) {
    const site = await readWebsite(artist, deps, report, found, now);
    websitesWhole = site.whole;
    await hashChrome(site.chrome, deps, chrome);
  }
  report.found = found.length;

  const kept = await Promise.all(found.map((item) => keepImage(item, deps, report, now, chrome)));
  return { report, holdings: holdings(report.sources, found, kept, websitesWhole) };
}

/**
 * What each source read (not failed) showed: the images of its found ones that are stored.
 * A source whose read was complete holds only those, unless a download that did not go
 * through left one of its images unknown, or (for a website) the crawl of the artist's sites,
 * read together, met any error: then, as after a partial read, it holds those besides what it
 * held.
 */
function holdings(
  reads: SourceRead[],
  found: Found[],
  kept: Kept[],
  websitesWhole: boolean,
): SourceHolding[] {
  return reads.flatMap((read): SourceHolding[] => {
    if (read.outcome === 'failed') return [];
    const name = sourceName(read);
    const ids = new Set<string>();
    let unknown = false;
    for (const [index, item] of found.entries()) {
      if (!item.sources.includes(name)) continue;
      const outcome = kept[index] as Kept;
      if (outcome.sha256 !== undefined) ids.add(imageIdFromSha256(outcome.sha256));
      else if (outcome.unknown) unknown = true;
    }
    return [
      {
        source: read.source,
        id: read.id,
        attemptedAt: read.attemptedAt,
        imageIds: [...ids],
        complete: read.complete && !unknown && (read.source !== 'website' || websitesWhole),
      },
    ];
  });
}

/**
 * The sources that hold a website image: every website of the artist. The crawl reads them
 * together and names one page per image, so which of them shows it is not known for sure;
 * held by all, an image leaves only when every website was read whole without it.
 */
const websiteSources = (websites: readonly string[]) =>
  websites.map((id) => sourceName({ source: 'website', id }));

/**
 * Reads the artist's websites into `found`; returns the URLs of the photos of their chrome,
 * and whether the crawl went through whole (no error, nothing left unread or read in part).
 */
async function readWebsite(
  artist: ArtistToScrape,
  deps: ScrapeDependencies,
  report: ScrapeReport,
  found: Found[],
  now: () => Date,
): Promise<{ chrome: string[]; whole: boolean }> {
  try {
    const site = await scrapeWebsite(artist.websites, {
      ...deps.website,
      fetch: deps.fetch,
      robots: deps.robots,
    });
    report.sources.push(...websiteReads(artist.websites, site, now().toISOString()));
    report.pages = new Set(site.pages.map((page) => page.url)).size;
    report.browserPages = site.pages.filter((page) => page.via === 'browser').length;
    report.robotsBlocked += site.skipped.filter((s) => /robots\.txt/.test(s.reason)).length;
    report.errors.push(...site.errors);
    for (const { url, code, reason } of site.leftOut) {
      report.leftOut[code] = (report.leftOut[code] ?? 0) + 1;
      deps.onImage?.({ status: 'left-out', url, code, reason });
    }
    const sources = websiteSources(artist.websites);
    for (const image of site.images) {
      found.push({
        url: image.url,
        checkRobots: true,
        sources,
        provenance: {
          source: 'website',
          sourceUrl: image.url,
          pageUrl: image.pageUrl,
          foundBy: image.foundBy,
          ...(image.caption !== undefined && { caption: image.caption }),
        },
      });
    }
    return {
      chrome: site.chrome,
      whole: site.errors.length === 0 && !site.truncated && site.cutShort.length === 0,
    };
  } catch (error) {
    // The browser would not start, or the crawl broke: the artist's Instagram images still count.
    report.sources.push(
      ...websiteReads(
        artist.websites,
        `reading the site failed: ${(error as Error).message}`,
        now().toISOString(),
      ),
    );
    report.errors.push({
      url: artist.websites[0] ?? '',
      reason: `Reading the website failed: ${(error as Error).message}`,
    });
    return { chrome: [], whole: false };
  }
}

/**
 * The content hashes of the site's chrome photos (downloaded politely, never stored): a
 * placeholder in a gallery that is a byte copy of the logo or a headshot is chrome too.
 */
async function hashChrome(urls: string[], deps: ScrapeDependencies, into: ChromeCopies) {
  for (const url of urls) {
    const verdict = await deps.robots.check(url);
    if (!verdict.allowed) continue;
    const download = await deps.scheduler.run(
      url,
      () => downloadImage(deps.fetch, url, deps.download),
      verdict.crawlDelayMs,
    );
    if (download.ok && !into.has(download.sha256)) into.set(download.sha256, url);
  }
}

async function keepImage(
  item: Found,
  deps: ScrapeDependencies,
  report: ScrapeReport,
  now: () => Date,
  chrome: ChromeCopies,
): Promise<Kept> {
  const refuse = (code: string, reason: string, unknown = true): Kept => {
    report.refused++;
    report.refusedBy[code] = (report.refusedBy[code] ?? 0) + 1;
    if (report.refusedImages.length < REFUSED_LISTED)
      report.refusedImages.push({ url: item.url, reason });
    deps.onImage?.({ status: 'refused', url: item.url, code, reason });
    return { unknown };
  };
  try {
    const known = await deps.sink.knows(item.url);
    if (known !== undefined) {
      report.duplicates++;
      deps.onImage?.({ status: 'known', url: item.url });
      return { sha256: known };
    }
    let crawlDelayMs: number | undefined;
    if (item.checkRobots) {
      const verdict = await deps.robots.check(item.url);
      if (!verdict.allowed) {
        report.robotsBlocked++;
        return refuse('robots-disallowed', verdict.reason ?? 'robots.txt disallows it');
      }
      crawlDelayMs = verdict.crawlDelayMs;
    }
    const download = await deps.scheduler.run(
      item.url,
      () => downloadWithRetries(deps.fetch, item.url, deps.download, deps.downloadRetries),
      crawlDelayMs,
    );
    if (!download.ok) {
      // A site's 404 or 410 says the image is not there (a visitor sees it broken too); any
      // other failure leaves it unknown (an Instagram link that expired answers 403).
      const gone = item.checkRobots && (download.status === 404 || download.status === 410);
      return refuse(download.code, download.reason, !gone);
    }
    const copyOf = item.provenance.source === 'website' ? chrome.get(download.sha256) : undefined;
    if (copyOf) {
      return refuse(
        'site-chrome',
        `${item.url} is a copy of the site's chrome image ${copyOf}`,
        false,
      );
    }
    const size = await sharp(download.bytes)
      .metadata()
      .catch(() => undefined);
    if (!size) return refuse('corrupt-image', `${item.url} cannot be read as an image`, false);
    const { width = 0, height = 0 } = size;
    if (Math.min(width, height) < MIN_PHOTO_SIDE) {
      return refuse(
        'too-small',
        `${item.url} is ${width}x${height}: an icon or a thumbnail, not a portfolio photo`,
        false,
      );
    }
    const provenance = { ...item.provenance, scrapedAt: now().toISOString() };
    const stored = await deps.sink.store({
      bytes: download.bytes,
      sha256: download.sha256,
      format: download.format,
      provenance,
    });
    if (stored.status === 'stored') report.stored++;
    else report.duplicates++;
    deps.onImage?.({ status: stored.status, url: item.url, location: stored.location, provenance });
    return { sha256: download.sha256 };
  } catch (error) {
    report.errored++;
    report.errors.push({ url: item.url, reason: (error as Error).message });
    return { unknown: true };
  }
}
