// AWS Lambda entry of the optimizer: SQS batch of S3 notifications in, partial failures out.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createAwsClients } from '../lib/aws-clients.ts';
import { readFunctionsConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { processDependencies } from './dependencies.ts';
import type { ProcessDependencies } from './process-raw-object.ts';
import { OPTIMIZER_CONCURRENCY, processSqsBatch } from './sqs-batch.ts';

const logger = createLogger('process-image');
let dependencies: ProcessDependencies | undefined;

export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  if (context) logger.addContext(context); // the request id in every line
  if (!dependencies) {
    const config = readFunctionsConfig();
    dependencies = processDependencies(createAwsClients(config), config, { logger });
  }
  return processSqsBatch(dependencies, event, { concurrency: OPTIMIZER_CONCURRENCY });
}
