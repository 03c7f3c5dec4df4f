// AWS Lambda entry of the Summarize step: the run id and the Map's results in, the summary out.
import { createAwsClients } from '../lib/aws-clients.ts';
import { readFunctionsConfig } from '../lib/config.ts';
import { ImageRecords } from '../lib/image-records.ts';
import { RunReports } from '../lib/run-reports.ts';
import { summarizeInputSchema } from '../lib/step-payloads.ts';
import {
  type IngestSummary,
  type SummarizeDependencies,
  summarizeIngest,
} from './summarize-ingest.ts';

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
  return summarizeIngest(
    deps,
    summarizeInputSchema.parse(event) as Parameters<typeof summarizeIngest>[1],
  );
}
