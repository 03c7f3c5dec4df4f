// AWS Lambda entry of the Summarize step: the run id and the Map's results in, the summary out.
import { ImageRecords } from '../lib/image-records.ts';
import { lambdaEntry } from '../lib/lambda-entry.ts';
import { RunReports } from '../lib/run-reports.ts';
import { summarizeInputSchema } from '../lib/step-payloads.ts';
import {
  type IngestSummary,
  type SummarizeDependencies,
  summarizeIngest,
} from './summarize-ingest.ts';

export const handler = lambdaEntry(
  'summarize-ingest',
  ({ clients, config }): SummarizeDependencies => ({
    reports: new RunReports(clients.dynamo, config.tableName),
    records: new ImageRecords(clients.dynamo, config.tableName),
  }),
  (dependencies, event: unknown): Promise<IngestSummary> =>
    summarizeIngest(dependencies, summarizeInputSchema.parse(event)),
);
