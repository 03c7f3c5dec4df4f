// AWS Lambda entry of the artist API behind API Gateway's HTTP API (payload format 2.0).
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ORIGIN_VERIFY_ENV } from '../../core/edge/cdn-policy.ts';
import { lambdaEntry } from '../../core/platform/lambda-entry.ts';
import { fromTheCdn, handleApiEvent, NOT_FROM_THE_CDN } from './adapter.ts';
import { apiCatalog } from './dependencies.ts';

export const handler = lambdaEntry(
  'artist-api',
  apiCatalog,
  (
    catalog,
    event: APIGatewayProxyEventV2,
    { logger },
  ): Promise<APIGatewayProxyStructuredResultV2> => handleApiEvent(catalog, event, logger),
  // Only the distribution's requests are answered: the rest before any query.
  (event) => (fromTheCdn(event, process.env[ORIGIN_VERIFY_ENV]) ? undefined : NOT_FROM_THE_CDN),
);
