// A batch of artists, as the state machine hands one scraper task: validated, scraped one
// artist after another into the raw bucket, one report per artist (a failure is reported,
// never thrown, so the other artists of the batch are still done).
import { z } from 'zod';
import {
  type BatchArtist,
  batchArtistSchema,
  MAX_BATCH_ARTISTS,
} from '../core/ingest/batch-artist.ts';
import type { BatchReport } from '../core/ingest/run-reports.ts';
import type { SourceHolding } from '../core/sources/source-holdings.ts';
import { emptyReport, scrapeArtist } from './scrape-artist.ts';
import type { Scraper } from './scraper-runtime.ts';
import { rawBucketSink } from './storage/image-sink.ts';
import type { RawStore } from './storage/raw-store.ts';

/** A batch: at most 100 artists; each is validated on its own (see `validateBatch`). */
export const batchSchema = z
  .array(z.unknown())
  .min(1, 'Expected at least one artist')
  .max(MAX_BATCH_ARTISTS, `Expected at most ${MAX_BATCH_ARTISTS} artists per batch`)
  .transform((items) => items as z.input<typeof batchArtistSchema>[]);

export type { BatchArtist };

/**
 * The artists of a batch that are valid, and a failed report for each one that is not, so a
 * malformed record fails its artist only.
 */
export function validateBatch(items: unknown[]): {
  artists: BatchArtist[];
  invalid: BatchReport[];
} {
  const artists: BatchArtist[] = [];
  const invalid: BatchReport[] = [];
  for (const [index, item] of items.entries()) {
    const parsed = batchArtistSchema.safeParse(item);
    if (parsed.success) {
      artists.push(parsed.data);
      continue;
    }
    const slug = (item as { slug?: unknown })?.slug;
    invalid.push(
      failedReport(
        typeof slug === 'string' ? slug : `#${index}`,
        '',
        z.prettifyError(parsed.error),
      ),
    );
  }
  return { artists, invalid };
}

export type Batch = BatchArtist[];

export type { BatchReport };

/**
 * Scrapes each artist of a batch into the raw bucket; `onReport` hears of each as it ends. An
 * artist whose record is malformed gets a failed report; the others are scraped.
 */
export async function runBatch(
  items: unknown[],
  scraper: Scraper,
  store: RawStore,
  onReport: (report: BatchReport) => void | Promise<void> = () => {},
): Promise<BatchReport[]> {
  const { artists, invalid } = validateBatch(items);
  const reports: BatchReport[] = [];
  for (const report of invalid) {
    reports.push(report);
    await onReport(report);
  }
  for (const artist of artists) {
    let report: BatchReport;
    let holdings: SourceHolding[] = [];
    try {
      const scrape = await scrapeArtist(artist, scraper.deps(rawBucketSink(store, artist.slug)));
      const done = scrape.report;
      holdings = scrape.holdings;
      const nothing =
        done.found === 0 && (done.errors.length > 0 || done.instagram?.status === 'refused');
      report = { ...done, status: nothing ? 'failed' : 'done' };
    } catch (error) {
      report = failedReport(
        artist.slug,
        artist.websites[0] ?? artist.instagram ?? '',
        (error as Error).message,
      );
    }
    // How fresh each source is, for the directory, and which images it holds (what it no
    // longer shows leaves the site at the Reconcile step). A write that fails is an error of
    // the report; it never undoes the scrape, and the next read writes both again.
    const keep = <T>(id: string, write: Promise<T>) =>
      write.catch((error: Error) => {
        report.errors.push({
          url: id,
          reason: `Keeping how ${id} was read failed: ${error.message}`,
        });
      });
    for (const read of report.sources) await keep(read.id, store.recordSync(artist.slug, read));
    for (const holding of holdings) {
      const kept = await keep(holding.id, store.recordHolding(artist.slug, holding));
      if (kept?.status === 'unconfirmed') {
        report.errors.push({
          url: holding.id,
          reason: `${holding.id} no longer shows ${kept.dropped} of the ${kept.held} images it held: they leave the site only if its next complete read agrees`,
        });
      }
    }
    reports.push(report);
    await onReport(report);
  }
  return reports;
}

function failedReport(artist: string, url: string, reason: string): BatchReport {
  return { ...emptyReport(artist), status: 'failed', errors: [{ url, reason }] };
}
