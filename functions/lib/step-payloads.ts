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

/** The Summarize step: the run id, when it started, the Map's results and what reconciling found. */
export const summarizeInputSchema = z.object({
  runId: z.string().min(1),
  startedAt: z.iso.datetime({ offset: true }),
  batches: z.array(
    z.object({
      status: z.enum(['done', 'failed']),
      artists: z.array(z.string()),
      error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
    }),
  ),
  // The Reconcile step's findings (checked where they are made), or the error it caught.
  reconciled: z
    .union([
      z.object({ findings: z.looseObject({}) }),
      z.object({ Error: z.string().optional(), Cause: z.string().optional() }),
    ])
    .optional(),
});
