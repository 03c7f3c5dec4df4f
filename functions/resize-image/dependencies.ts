// The resize function's dependencies, assembled once for the Lambda handler, the local edge,
// the benchmark and the tests.

import type { ResizeDependencies } from '../../core/edge/resize-variant.ts';
import { ImageLeases } from '../../core/images/image-leases.ts';
import { ImageRecords } from '../../core/images/image-records.ts';
import type { AwsClients } from '../../core/platform/aws-clients.ts';
import type { FunctionsConfig } from '../../core/platform/config.ts';
import type { Logger } from '../../core/platform/logger.ts';

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
