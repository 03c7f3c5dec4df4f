// The HTTP API (payload 2.0) event API Gateway would build for a request: how the local
// server and the benchmarks hand requests to the artist API's adapter.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

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
