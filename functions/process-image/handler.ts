// AWS Lambda entry of the optimizer: SQS batch of S3 notifications in, partial failures out.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { OPTIMIZER_CONCURRENCY, processSqsBatch } from '../../core/optimizer/sqs-batch.ts';
import { lambdaEntry } from '../../core/platform/lambda-entry.ts';
import { processDependencies } from './dependencies.ts';

export const handler = lambdaEntry(
  'process-image',
  ({ clients, config, logger }) => processDependencies(clients, config, { logger }),
  (dependencies, event: SQSEvent): Promise<SQSBatchResponse> =>
    processSqsBatch(dependencies, event, { concurrency: OPTIMIZER_CONCURRENCY }),
);
