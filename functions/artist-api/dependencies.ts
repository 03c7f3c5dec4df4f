// The artist API's dependencies on AWS, assembled once per execution environment.

import { type Catalog, DynamoCatalog } from '../../core/api/catalog.ts';
import type { ColdStart } from '../../core/platform/lambda-entry.ts';

/** The catalog on the table the environment names; malformed items are logged and skipped. */
export function apiCatalog({ clients, config, logger }: ColdStart): Catalog {
  return new DynamoCatalog(clients.dynamo, config.tableName, (key, problem) =>
    logger.warn('malformed item skipped', { key, problem }),
  );
}
