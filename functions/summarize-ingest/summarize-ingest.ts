// The Summarize step: artists done and failed, images new, duplicate and refused, for one run.
import type { RunReports } from '../lib/run-reports.ts';

export interface BatchResult {
  status: 'done' | 'failed';
  artists: string[];
  error?: { Error?: string; Cause?: string };
}

export interface IngestSummary {
  runId: string;
  artists: { done: number; failed: number };
  images: { new: number; duplicate: number; refused: number };
  failed: { artist: string; reason: string }[];
}

export async function summarizeIngest(
  reports: RunReports,
  input: { runId: string; batches: BatchResult[] },
): Promise<IngestSummary> {
  const byArtist = new Map(
    (await reports.list(input.runId)).map((report) => [report.artist, report]),
  );
  const summary: IngestSummary = {
    runId: input.runId,
    artists: { done: 0, failed: 0 },
    images: { new: 0, duplicate: 0, refused: 0 },
    failed: [],
  };
  for (const batch of input.batches) {
    for (const artist of batch.artists) {
      const report = byArtist.get(artist);
      if (report) {
        summary.images.new += report.stored;
        summary.images.duplicate += report.duplicates;
        summary.images.refused += report.refused;
      }
      if (report?.status === 'done') {
        summary.artists.done++;
        continue;
      }
      summary.artists.failed++;
      const reason =
        report?.errors[0]?.reason ??
        batch.error?.Cause ??
        batch.error?.Error ??
        'the scraper task failed';
      summary.failed.push({ artist, reason });
    }
  }
  return summary;
}
