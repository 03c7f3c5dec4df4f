// AWS Lambda entry of the artist API behind API Gateway's HTTP API (payload format 2.0).
import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createAwsClients } from '../lib/aws-clients.ts';
import { ORIGIN_VERIFY_ENV, ORIGIN_VERIFY_HEADER } from '../lib/cdn-policy.ts';
import { readFunctionsConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { handleApiRequest } from './artist-api.ts';
import { type Catalog, DynamoCatalog } from './catalog.ts';

let catalog: Catalog | undefined;
const logger = createLogger('artist-api');

/** Whether the request came through the CDN: it carries the origin secret, when one is set. */
export function fromTheCdn(
  event: Pick<APIGatewayProxyEventV2, 'headers'>,
  secret: string | undefined,
): boolean {
  if (!secret) return true;
  const sent = Object.entries(event.headers ?? {}).find(
    ([name]) => name.toLowerCase() === ORIGIN_VERIFY_HEADER,
  )?.[1];
  if (sent === undefined) return false;
  const [a, b] = [Buffer.from(sent), Buffer.from(secret)];
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function handler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  if (!fromTheCdn(event, process.env[ORIGIN_VERIFY_ENV])) {
    return {
      statusCode: 403,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      body: JSON.stringify({ error: 'The API answers through the site only' }),
    };
  }
  if (!catalog) {
    const config = readFunctionsConfig();
    catalog = new DynamoCatalog(createAwsClients(config).dynamo, config.tableName, (key, problem) =>
      logger.warn('malformed item skipped', { key, problem }),
    );
  }
  return handleApiEvent(catalog, event);
}

/** The HTTP API adapter around the core, for the Lambda entry and the local server. */
export async function handleApiEvent(
  catalog: Catalog,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  try {
    return await handleApiRequest(catalog, {
      method: event.requestContext.http.method,
      path: event.rawPath,
      query: event.queryStringParameters ?? {},
      headers,
    });
  } catch (error) {
    logger.error('request failed', { path: event.rawPath, error: error as Error });
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    };
    // The table failed us: say so without details, and let the edge retry soon.
    if (isStoreError(error))
      return {
        statusCode: 503,
        headers,
        body: JSON.stringify({ error: 'The portfolio store is unavailable; try again shortly' }),
      };
    // Anything else is ours to fix, not the store's: retrying will not help.
    return {
      statusCode: 500,
      headers,
      body: JSON.stringify({ error: 'The request failed on our side; it has been logged' }),
    };
  }
}

/** The HTTP API (payload 2.0) event for a request, as API Gateway builds it; for local use. */
export function apiEventFor(
  url: URL,
  method: string,
  headers: Record<string, string>,
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    queryStringParameters: Object.fromEntries(url.searchParams),
    headers,
    requestContext: { http: { method, path: url.pathname } },
  } as unknown as APIGatewayProxyEventV2;
}

/**
 * Whether `error` comes from reaching the table: an AWS SDK service error (it carries
 * `$metadata`) or a connection that failed or timed out.
 */
function isStoreError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ('$metadata' in error || '$fault' in error) return true;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code) ||
    ['TimeoutError', 'RequestTimeout'].includes(error.name)
  );
}
