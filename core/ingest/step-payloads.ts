// What the ingest state machine's steps are handed, the one definition: each Lambda handler
// parses its input with these, and so does the local runner, which runs the same definition.
import { z } from 'zod';

/** The Plan step: the execution's input, the batch size and the run id. */
export const planInputSchema = z.object({
  artists: z.array(z.string()).nullish(),
  batchSize: z.number().int().min(1).max(100),
  runId: z.string().min(1),
});

/** The Reconcile step: the run and its batches (only the slugs are read). */
export const reconcileInputSchema = z.object({
  runId: z.string().min(1),
  batches: z.array(z.array(z.object({ slug: z.string() }).loose())),
});

const count = z.number().int().nonnegative();

/** What the Reconcile step found (its output, the Summarize step's input). */
export const reconcileFindingsSchema = z.object({
  artists: count,
  /** Originals looked at. */
  originals: count,
  /** Originals without a record, handed to the optimizer again. */
  redriven: count,
  /** Originals without a record still within the grace period (in flight). */
  pending: count,
  /** Damaged originals removed (and their source URLs forgotten). */
  removed: count,
  /** Variants in the optimized bucket that no shown record accounts for. */
  variantsWithoutRecord: count,
  /** Records whose original is not in the raw bucket. */
  recordsWithoutOriginal: count,
  /** Records that did not read as records. */
  malformed: count,
  /** Originals left for the next run because this one reached its bound. */
  deferred: count,
  /** Artists not looked at because the run reached its deadline. */
  artistsDeferred: count,
  /** Originals without a record handed over MAX_REDRIVES times already: left for a person. */
  givenUp: count,
  /** Shown images taken off the site: a complete read of their source no longer shows them. */
  takenOff: count.default(0),
  /** Images taken off before that a source shows again: processed afresh. */
  returned: count.default(0),
  /**
   * Images to take off or bring back left for the next run: the bound was reached, or an
   * original a source holds was still on its way through the optimizer.
   */
  takeOffsDeferred: count.default(0),
  /**
   * Artists whose directory entry (filters, styles) or cover did not agree with their profile
   * and shown images, and was made to: registered before the entries were kept, or left by a
   * refresh that failed or raced another.
   */
  directoryRepaired: count.default(0),
  /** The first few of each finding, by key. */
  examples: z.object({
    redriven: z.array(z.string()),
    givenUp: z.array(z.string()),
    removed: z.array(z.object({ key: z.string(), reason: z.string() })),
    takenOff: z.array(z.string()).default([]),
    returned: z.array(z.string()).default([]),
    directoryRepaired: z.array(z.string()).default([]),
    variantsWithoutRecord: z.array(z.string()),
    recordsWithoutOriginal: z.array(z.string()),
    malformed: z.array(z.object({ key: z.string(), problem: z.string() })),
  }),
});
export type ReconcileFindings = z.infer<typeof reconcileFindingsSchema>;

/** A Step Functions error as a Catch hands it on. */
const stepError = z.object({ Error: z.string().optional(), Cause: z.string().optional() });

/** The Summarize step: the run id, when it started, the Map's results and what reconciling found. */
export const summarizeInputSchema = z.object({
  runId: z.string().min(1),
  startedAt: z.iso.datetime({ offset: true }),
  batches: z.array(
    z.object({
      status: z.enum(['done', 'failed']),
      artists: z.array(z.string()),
      error: stepError.optional(),
    }),
  ),
  // The Reconcile step's findings, or the error it caught.
  reconciled: z.union([z.object({ findings: reconcileFindingsSchema }), stepError]).optional(),
});
export type SummarizeInput = z.infer<typeof summarizeInputSchema>;
export type BatchResult = SummarizeInput['batches'][number];
export type ReconcileResult = NonNullable<SummarizeInput['reconciled']>;
