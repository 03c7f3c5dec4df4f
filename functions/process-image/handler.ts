// AWS Lambda entry of the optimizer: SQS batch of S3 notifications in, partial failures out.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createAwsClients } from '../lib/aws-clients.ts';
import { readFunctionsConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { processDependencies } from './dependencies.ts';
import type { ProcessDependencies } from './process-raw-object.ts';
import { OPTIMIZER_CONCURRENCY, processSqsBatch } from './sqs-batch.ts';

let dependencies: ProcessDependencies | undefined;

/** Config and clients, made once per cold start. */
function coldStart(): ProcessDependencies {
  const config = readFunctionsConfig();
  return processDependencies(createAwsClients(config), config, {
    logger: createLogger('process-image'),
  });
}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  dependencies ??= coldStart();
  return processSqsBatch(dependencies, event, { concurrency: OPTIMIZER_CONCURRENCY });
}
