// The resize function's dependencies, assembled once for the Lambda handler, the local edge,
// the benchmark and the tests.
import type { AwsClients } from '../lib/aws-clients.ts';
import type { FunctionsConfig } from '../lib/config.ts';
import { ImageLeases } from '../lib/image-leases.ts';
import { ImageRecords } from '../lib/image-records.ts';
import type { Logger } from '../lib/logger.ts';
import type { ResizeDependencies } from './resize-variant.ts';

export function resizeDependencies(
  clients: AwsClients,
  config: Pick<FunctionsConfig, 'rawBucket' | 'optimizedBucket' | 'tableName'>,
  options: { logger: Logger } & Partial<ResizeDependencies>,
): ResizeDependencies {
  return {
    s3: clients.s3,
    records: new ImageRecords(clients.dynamo, config.tableName),
    leases: new ImageLeases(clients.dynamo, config.tableName),
    rawBucket: config.rawBucket,
    optimizedBucket: config.optimizedBucket,
    ...options,
  };
}
