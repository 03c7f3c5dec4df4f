// The optimizer's dependencies, assembled once for the Lambda handler, the local pipeline,
// the benchmark and the tests.

import { ArtistCovers } from '../../core/artists/artist-covers.ts';
import { DirectoryIndex } from '../../core/artists/directory-index.ts';
import { ImageRecords } from '../../core/images/image-records.ts';
import type { ProcessDependencies } from '../../core/optimizer/process-raw-object.ts';
import type { AwsClients } from '../../core/platform/aws-clients.ts';
import type { FunctionsConfig } from '../../core/platform/config.ts';
import type { Logger } from '../../core/platform/logger.ts';

export function processDependencies(
  clients: AwsClients,
  config: Pick<FunctionsConfig, 'rawBucket' | 'optimizedBucket' | 'tableName'>,
  options: { logger: Logger; now?: () => Date },
): ProcessDependencies {
  return {
    s3: clients.s3,
    records: new ImageRecords(clients.dynamo, config.tableName),
    covers: new ArtistCovers(clients.dynamo, config.tableName),
    directory: new DirectoryIndex(clients.dynamo, config.tableName),
    rawBucket: config.rawBucket,
    optimizedBucket: config.optimizedBucket,
    now: options.now ?? (() => new Date()),
    logger: options.logger,
  };
}
