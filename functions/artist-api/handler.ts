// AWS Lambda entry of the artist API behind API Gateway's HTTP API (payload format 2.0).
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { ORIGIN_VERIFY_ENV } from '../lib/cdn-policy.ts';
import { createLogger } from '../lib/logger.ts';
import { fromTheCdn, handleApiEvent, NOT_FROM_THE_CDN } from './adapter.ts';
import type { Catalog } from './catalog.ts';
import { apiCatalog } from './dependencies.ts';

const logger = createLogger('artist-api');
let catalog: Catalog | undefined;

export async function handler(
  event: APIGatewayProxyEventV2,
  context?: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  if (context) logger.addContext(context); // the request id in every line
  if (!fromTheCdn(event, process.env[ORIGIN_VERIFY_ENV])) return NOT_FROM_THE_CDN;
  catalog ??= apiCatalog(logger);
  return handleApiEvent(catalog, event, logger);
}
