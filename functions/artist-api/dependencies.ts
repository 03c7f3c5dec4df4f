// The artist API's dependencies on AWS, assembled once per execution environment.
import { createAwsClients } from '../lib/aws-clients.ts';
import { readFunctionsConfig } from '../lib/config.ts';
import type { Logger } from '../lib/logger.ts';
import { type Catalog, DynamoCatalog } from './catalog.ts';

/** The catalog on the table the environment names; malformed items are logged and skipped. */
export function apiCatalog(logger: Logger): Catalog {
  const config = readFunctionsConfig();
  return new DynamoCatalog(createAwsClients(config).dynamo, config.tableName, (key, problem) =>
    logger.warn('malformed item skipped', { key, problem }),
  );
}
