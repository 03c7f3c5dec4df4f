// AWS Lambda entry of the Summarize step: the run id and the Map's results in, the summary out.
import { ImageRecords } from '../../core/images/image-records.ts';
import { RunReports } from '../../core/ingest/run-reports.ts';
import { summarizeInputSchema } from '../../core/ingest/step-payloads.ts';
import {
  type IngestSummary,
  type SummarizeDependencies,
  summarizeIngest,
} from '../../core/ingest/summarize-ingest.ts';
import { lambdaEntry } from '../../core/platform/lambda-entry.ts';

export const handler = lambdaEntry(
  'summarize-ingest',
  ({ clients, config }): SummarizeDependencies => ({
    reports: new RunReports(clients.dynamo, config.tableName),
    records: new ImageRecords(clients.dynamo, config.tableName),
  }),
  (dependencies, event: unknown): Promise<IngestSummary> =>
    summarizeIngest(dependencies, summarizeInputSchema.parse(event)),
);
