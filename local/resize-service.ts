// The resize function wired to the local stand-ins, as the Lambda's cold start wires it in AWS.
import { ImageLeases } from '../functions/lib/image-leases.ts';
import { ImageRecords } from '../functions/lib/image-records.ts';
import { silentLogger } from '../functions/lib/logger.ts';
import type { ResizeDependencies } from '../functions/resize-image/resize-variant.ts';
import type { StandIns } from './stand-ins.ts';

export function localResizeDependencies(
  standIns: StandIns,
  overrides: Partial<ResizeDependencies> = {},
): ResizeDependencies {
  const { clients, config } = standIns;
  return {
    s3: clients.s3,
    records: new ImageRecords(clients.dynamo, config.tableName),
    leases: new ImageLeases(clients.dynamo, config.tableName),
    rawBucket: config.rawBucket,
    optimizedBucket: config.optimizedBucket,
    logger: silentLogger(),
    ...overrides,
  };
}
