// Per-artist reports of one ingest run, written by the scraper tasks, summed up at the end.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { sourceReadSchema } from '../sources/source-syncs.ts';
import { TableItems } from '../store/table-items.ts';
import { itemKeys, TABLE } from '../store/table-schema.ts';

/** An image not kept, with why. */
const imageProblemSchema = z.object({ url: z.string(), reason: z.string() });
const count = z.number().int().nonnegative();

/** How reading an artist's Instagram ended (scraper/instagram). */
export const INSTAGRAM_STATUSES = ['ok', 'not-found', 'private', 'refused'] as const;

/** What the scraper reports of one artist: the one definition of the run report's shape. */
export const scrapeReportSchema = z.object({
  artist: z.string(),
  /** Pages visited (each once, whichever path read it). */
  pages: count,
  /** Of those, pages read again in Chromium because their plain HTML showed no photo. */
  browserPages: count,
  found: count,
  stored: count,
  duplicates: count,
  refused: count,
  /** Why images were refused: the count per code (`file-too-large`, `robots-disallowed`, ...). */
  refusedBy: z.record(z.string(), count),
  /** The first refused images, with why (the counts above stay exact). */
  refusedImages: z.array(imageProblemSchema),
  /** Website candidates left out before download, per code (`thumbnail`, `site-chrome`, ...). */
  leftOut: z.record(z.string(), count),
  robotsBlocked: count,
  /** Images found but not kept because of an error (the disk, the bucket), not their content. */
  errored: count,
  errors: z.array(imageProblemSchema),
  instagram: z
    .object({
      source: z.string(),
      status: z.enum(INSTAGRAM_STATUSES),
      posts: count,
      reason: z.string().optional(),
    })
    .optional(),
  /** How each source (each website, the Instagram) was read; none in older reports. */
  sources: z.array(sourceReadSchema).default([]),
});
export type ScrapeReport = z.infer<typeof scrapeReportSchema>;

/** A scraper task's report of one artist of its batch: the scrape, and whether it was done. */
export const batchReportSchema = scrapeReportSchema.extend({ status: z.enum(['done', 'failed']) });
export type BatchReport = z.infer<typeof batchReportSchema>;

/**
 * What a run keeps of each artist's report, read back at its end. Reports written before
 * refused and errored images were counted have neither: none, then.
 */
export const artistRunReportSchema = batchReportSchema
  .pick({
    artist: true,
    status: true,
    pages: true,
    found: true,
    stored: true,
    duplicates: true,
    refused: true,
    robotsBlocked: true,
    errors: true,
  })
  .extend({
    refusedImages: z.array(imageProblemSchema).default([]),
    errored: count.default(0),
  });
export type ArtistRunReport = z.infer<typeof artistRunReportSchema>;

export class RunReports extends TableItems {
  /** Records an artist's report; a retried batch overwrites its earlier attempt. */
  async put(runId: string, report: BatchReport | ArtistRunReport): Promise<void> {
    await this.dynamo.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          [TABLE.partitionKey]: itemKeys.runPk(runId),
          [TABLE.sortKey]: itemKeys.artistPk(report.artist),
          type: 'run-report',
          ...report,
          errors: report.errors.slice(0, 20),
          refusedImages: report.refusedImages.slice(0, 20),
        },
      }),
    );
  }

  async list(runId: string): Promise<ArtistRunReport[]> {
    const reports: ArtistRunReport[] = [];
    for await (const item of this.partition(itemKeys.runPk(runId))) {
      // The item's keys and the fields a run does not keep fall away; a malformed report is
      // left out (the summary then counts its artist as reporting nothing).
      const parsed = artistRunReportSchema.safeParse(item);
      if (parsed.success) reports.push(parsed.data);
    }
    return reports;
  }
}
