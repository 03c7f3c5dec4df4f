// AWS Lambda entry of the Summarize step: the run id and the Map's results in, the summary out.
import { z } from 'zod';
import { createAwsClients } from '../lib/aws-clients.ts';
import { readFunctionsConfig } from '../lib/config.ts';
import { RunReports } from '../lib/run-reports.ts';
import { type IngestSummary, summarizeIngest } from './summarize-ingest.ts';

const input = z.object({
  runId: z.string().min(1),
  batches: z.array(
    z.object({
      status: z.enum(['done', 'failed']),
      artists: z.array(z.string()),
      error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
    }),
  ),
});

let reports: RunReports | undefined;

export async function handler(event: unknown): Promise<IngestSummary> {
  if (!reports) {
    const config = readFunctionsConfig();
    reports = new RunReports(createAwsClients(config).dynamo, config.tableName);
  }
  return summarizeIngest(reports, input.parse(event));
}
