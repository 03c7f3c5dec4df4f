// AWS Lambda entry of the Summarize step: the run id and the Map's results in, the summary out.
import { z } from 'zod';
import { createAwsClients } from '../lib/aws-clients.ts';
import { readFunctionsConfig } from '../lib/config.ts';
import { ImageRecords } from '../lib/image-records.ts';
import { RunReports } from '../lib/run-reports.ts';
import {
  type IngestSummary,
  type SummarizeDependencies,
  summarizeIngest,
} from './summarize-ingest.ts';

const input = z.object({
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

let deps: SummarizeDependencies | undefined;

export async function handler(event: unknown): Promise<IngestSummary> {
  if (!deps) {
    const config = readFunctionsConfig();
    const { dynamo } = createAwsClients(config);
    deps = {
      reports: new RunReports(dynamo, config.tableName),
      records: new ImageRecords(dynamo, config.tableName),
    };
  }
  return summarizeIngest(deps, input.parse(event) as Parameters<typeof summarizeIngest>[1]);
}
