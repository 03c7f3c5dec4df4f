// The HTTP API (payload format 2.0) adapter around the artist API's core: event in, core,
// response out; for the Lambda entry and the local server alike.
import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handleApiRequest } from '../../core/api/artist-api.ts';
import type { Catalog } from '../../core/api/catalog.ts';
import { ORIGIN_VERIFY_HEADER } from '../../core/edge/cdn-policy.ts';
import type { Logger } from '../../core/platform/logger.ts';

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
};

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

/** The answer to a request that did not come through the CDN. */
export const NOT_FROM_THE_CDN: APIGatewayProxyStructuredResultV2 = {
  statusCode: 403,
  headers: JSON_HEADERS,
  body: JSON.stringify({ error: 'The API answers through the site only' }),
};

/** The core's answer to `event`; a failure of the table is 503, any other failure 500. */
export async function handleApiEvent(
  catalog: Catalog,
  event: APIGatewayProxyEventV2,
  logger?: Logger,
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
    logger?.error('request failed', { path: event.rawPath, error: error as Error });
    // The table failed us: say so without details, and let the edge retry soon.
    if (isStoreError(error))
      return {
        statusCode: 503,
        headers: JSON_HEADERS,
        body: JSON.stringify({ error: 'The portfolio store is unavailable; try again shortly' }),
      };
    // Anything else is ours to fix, not the store's: retrying will not help.
    return {
      statusCode: 500,
      headers: JSON_HEADERS,
      body: JSON.stringify({ error: 'The request failed on our side; it has been logged' }),
    };
  }
}

/** AWS SDK errors that say the service was busy, by name: worth a retry, so 503. */
const BUSY_SERVICE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'TransactionConflictException',
]);

/**
 * Whether `error` is the table failing us rather than our own fault: an AWS SDK error the
 * service answered as its fault (`$fault: 'server'`) or as busy (by name), or a connection
 * that failed or timed out. A client-side SDK error (a `ValidationException`: a query we
 * built wrong) is ours, like any other bug.
 */
function isStoreError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ('$metadata' in error) {
    return (
      (error as { $fault?: string }).$fault === 'server' || BUSY_SERVICE_ERRORS.has(error.name)
    );
  }
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code) ||
    ['TimeoutError', 'RequestTimeout'].includes(error.name)
  );
}
