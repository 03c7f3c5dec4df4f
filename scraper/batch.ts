// A batch of artists, as the state machine hands one scraper task: validated, scraped one
// artist after another into the raw bucket, one report per artist (a failure is reported,
// never thrown, so the other artists of the batch are still done).
import { z } from 'zod';
import { slugSchema } from '../functions/lib/identifiers.ts';
import { rawBucketSink } from './image-sink.ts';
import { INSTAGRAM_HANDLE } from './instagram/instagram-post.ts';
import type { RawStore } from './raw-store.ts';
import { type ScrapeReport, scrapeArtist } from './scrape-artist.ts';
import type { Scraper } from './scraper-runtime.ts';

export const batchSchema = z
  .array(
    z.object({
      slug: slugSchema,
      websites: z.array(z.url({ protocol: /^https?$/ })).default([]),
      instagram: z.string().regex(INSTAGRAM_HANDLE, 'Expected an Instagram handle').optional(),
    }),
  )
  .min(1, 'Expected at least one artist')
  .max(100, 'Expected at most 100 artists per batch');

export type Batch = z.infer<typeof batchSchema>;

export interface BatchReport extends ScrapeReport {
  status: 'done' | 'failed';
}

/** Scrapes each artist of `batch` into the raw bucket; `onReport` hears of each as it ends. */
export async function runBatch(
  batch: Batch,
  scraper: Scraper,
  store: RawStore,
  onReport: (report: BatchReport) => void | Promise<void> = () => {},
): Promise<BatchReport[]> {
  const reports: BatchReport[] = [];
  for (const artist of batch) {
    let report: BatchReport;
    try {
      const done = await scrapeArtist(artist, scraper.deps(rawBucketSink(store, artist.slug)));
      const nothing =
        done.found === 0 && (done.errors.length > 0 || done.instagram?.status === 'refused');
      report = { ...done, status: nothing ? 'failed' : 'done' };
    } catch (error) {
      report = {
        artist: artist.slug,
        status: 'failed',
        pages: 0,
        browserPages: 0,
        found: 0,
        stored: 0,
        duplicates: 0,
        refused: 0,
        robotsBlocked: 0,
        errors: [
          { url: artist.websites[0] ?? artist.instagram ?? '', reason: (error as Error).message },
        ],
      };
    }
    reports.push(report);
    await onReport(report);
  }
  return reports;
}
