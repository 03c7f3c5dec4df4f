// The reconciler's dependencies, assembled once for the Lambda handler and the local runner.

import { ArtistCovers } from '../lib/artist-covers.ts';
import type { AwsClients } from '../lib/aws-clients.ts';
import type { FunctionsConfig } from '../lib/config.ts';
import { DirectoryIndex } from '../lib/directory-index.ts';
import { ImageRecords } from '../lib/image-records.ts';
import type { Logger } from '../lib/logger.ts';
import { RedriveCounts } from '../lib/redrive-counts.ts';
import { SourceHoldings } from '../lib/source-holdings.ts';
import { SourceUrls } from '../lib/source-urls.ts';
import type { ReconcileDependencies } from './reconcile.ts';

export function reconcileDependencies(
  clients: AwsClients,
  config: FunctionsConfig,
  redrive: ReconcileDependencies['redrive'],
  logger: Logger,
): ReconcileDependencies {
  return {
    s3: clients.s3,
    records: new ImageRecords(clients.dynamo, config.tableName),
    sources: new SourceUrls(clients.dynamo, config.tableName),
    holdings: new SourceHoldings(clients.dynamo, config.tableName),
    covers: new ArtistCovers(clients.dynamo, config.tableName),
    directory: new DirectoryIndex(clients.dynamo, config.tableName),
    redrives: new RedriveCounts(clients.dynamo, config.tableName),
    rawBucket: config.rawBucket,
    optimizedBucket: config.optimizedBucket,
    redrive,
    now: () => new Date(),
    logger,
  };
}
