// The reconciler's dependencies, assembled once for the Lambda handler and the local runner.

import { ArtistCovers } from '../../core/artists/artist-covers.ts';
import { DirectoryIndex } from '../../core/artists/directory-index.ts';
import { ImageRecords } from '../../core/images/image-records.ts';
import { RedriveCounts } from '../../core/ingest/redrive-counts.ts';
import type { AwsClients } from '../../core/platform/aws-clients.ts';
import type { FunctionsConfig } from '../../core/platform/config.ts';
import type { Logger } from '../../core/platform/logger.ts';
import type { ReconcileDependencies } from '../../core/reconcile/reconcile.ts';
import { SourceHoldings } from '../../core/sources/source-holdings.ts';
import { SourceUrls } from '../../core/sources/source-urls.ts';

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
