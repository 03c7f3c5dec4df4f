// The Summarize step: what one run did, in figures a person can trust. The scraper's side
// (originals stored, already stored, refused, with URL and reason) is final when the step runs;
// the optimizer's side (images published, copies folded, refused) is what the records say at
// that moment, and is final only when no original of the run is still on its way (`pending`).
import PQueue from 'p-queue';
import type { ImageRecords } from '../images/image-records.ts';
import type { RunReports } from './run-reports.ts';
import type {
  BatchResult,
  ReconcileFindings,
  ReconcileResult,
  SummarizeInput,
} from './step-payloads.ts';

export type { BatchResult, ReconcileResult, SummarizeInput };

export interface RefusedImage {
  artist: string;
  url: string;
  reason: string;
  by: 'scraper' | 'optimizer';
}

export interface IngestSummary {
  runId: string;
  artists: { done: number; failed: number };
  /**
   * The scraper's side: originals stored new, found stored already, refused for what they
   * are, and not stored because of an error (the disk, the bucket).
   */
  originals: { stored: number; known: number; refused: number; errored: number };
  /**
   * The optimizer's side, for the records written during the run: images a visitor sees now,
   * copies folded into a better copy of the same photo, originals refused; and, where the
   * optimizer runs in this process, originals it gave up on after its retries (in AWS those
   * stay `pending`, then wait in the dead-letter queue); and images taken off the site
   * because a complete read of their source no longer shows them (the originals are kept).
   */
  images: {
    published: number;
    folded: number;
    refused: number;
    errored: number;
    takenOff: number;
  };
  /**
   * Originals of the run's artists not through the optimizer yet: those still in their grace
   * period, those handed to it again by this run's reconcile and those it left for the next
   * (null when the reconcile step failed, and nobody knows).
   */
  pending: number | null;
  /** Whether the optimizer's figures are final (nothing pending). */
  final: boolean;
  /** The first refused images, by whom and why. */
  refused: RefusedImage[];
  /** The first errors (pages that failed, images not kept), with where and why. */
  errors: { artist: string; url: string; reason: string }[];
  reconciled: ReconcileFindings | { error: string } | undefined;
  failed: { artist: string; reason: string }[];
}

export interface SummarizeDependencies {
  reports: RunReports;
  records: ImageRecords;
  /**
   * Whether the optimizer has processed everything handed to it before this step (the local
   * runner waits for it; in AWS it runs off its queue, and what was redriven is still pending).
   */
  optimizerDrained?: boolean;
}

/** Artists whose records are read at once. */
const READ_CONCURRENCY = 8;

/** At most this many refused images are named in a summary. */
const REFUSED_LISTED = 50;

export async function summarizeIngest(
  deps: SummarizeDependencies,
  input: SummarizeInput,
): Promise<IngestSummary> {
  const byArtist = new Map(
    (await deps.reports.list(input.runId)).map((report) => [report.artist, report]),
  );
  const reconciled = reconcileOutcome(input.reconciled);
  const summary: IngestSummary = {
    runId: input.runId,
    artists: { done: 0, failed: 0 },
    originals: { stored: 0, known: 0, refused: 0, errored: 0 },
    images: {
      published: 0,
      folded: 0,
      refused: 0,
      errored: 0,
      takenOff: reconciled && 'takenOff' in reconciled ? reconciled.takenOff : 0,
    },
    pending:
      reconciled && 'pending' in reconciled
        ? reconciled.pending +
          reconciled.deferred +
          (deps.optimizerDrained ? 0 : reconciled.redriven)
        : null,
    final: false,
    refused: [],
    errors: [],
    reconciled,
    failed: [],
  };
  const refuse = (image: RefusedImage) => {
    if (summary.refused.length < REFUSED_LISTED) summary.refused.push(image);
  };
  const since = Date.parse(input.startedAt);
  const artists = input.batches.flatMap((batch) => batch.artists);
  const queue = new PQueue({ concurrency: READ_CONCURRENCY });
  const recordsOf = new Map(
    await Promise.all(
      artists.map((artist) =>
        queue.add(async () => [artist, await deps.records.listStates(artist, () => {})] as const),
      ),
    ),
  );
  for (const batch of input.batches) {
    for (const artist of batch.artists) {
      const report = byArtist.get(artist);
      if (report) {
        summary.originals.stored += report.stored;
        summary.originals.known += report.duplicates;
        summary.originals.refused += report.refused;
        summary.originals.errored += report.errored;
        for (const error of report.errors) {
          if (summary.errors.length < REFUSED_LISTED) summary.errors.push({ artist, ...error });
        }
        for (const image of report.refusedImages) refuse({ artist, ...image, by: 'scraper' });
      }
      for (const record of recordsOf.get(artist) ?? []) {
        if (!(Date.parse(record.processedAt) >= since) || record.status === 'removed') continue;
        if (record.status === 'ok') summary.images.published++;
        else if (record.status === 'duplicate') summary.images.folded++;
        else {
          summary.images.refused++;
          refuse({
            artist,
            url: record.provenance?.sourceUrl ?? record.rawKey,
            reason: record.reason ?? record.code ?? 'refused',
            by: 'optimizer',
          });
        }
      }
      if (report?.status === 'done') {
        summary.artists.done++;
        continue;
      }
      summary.artists.failed++;
      const reason =
        report?.errors[0]?.reason ??
        (batch.error ? failureMessage(batch.error, 'the scraper task failed') : undefined) ??
        'the scraper task failed';
      summary.failed.push({ artist, reason });
    }
  }
  summary.final = summary.pending === 0;
  return summary;
}

function reconcileOutcome(result: ReconcileResult | undefined): IngestSummary['reconciled'] {
  if (!result) return undefined;
  if ('findings' in result) return result.findings;
  return { error: failureMessage(result, 'the reconcile step failed') };
}

/**
 * What a failed step says, in words and without a stack: Step Functions' Cause is a Lambda's
 * error as JSON (errorMessage, errorType, stackTrace) or an ECS task as JSON (StoppedReason);
 * else a Cause in words (its first 500 characters), else the error's name, else `fallback`.
 */
export function failureMessage(
  error: { Error?: string; Cause?: string },
  fallback: string,
): string {
  try {
    const cause = JSON.parse(error.Cause ?? '') as Record<string, unknown>;
    if (typeof cause.errorMessage === 'string') {
      return typeof cause.errorType === 'string'
        ? `${cause.errorType}: ${cause.errorMessage}`
        : cause.errorMessage;
    }
    if (typeof cause.StoppedReason === 'string') return cause.StoppedReason;
  } catch {
    // Not JSON: a Cause in words.
    if (error.Cause) return error.Cause.slice(0, 500);
  }
  return error.Error ?? fallback;
}
