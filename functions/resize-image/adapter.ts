// The Function URL adapter around the resize function's core: event in, core, response out
// (a variant, or an error CloudFront may cache); for the Lambda entry and the local edge.
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import {
  type ResizeDependencies,
  type ResizeResult,
  resizeVariant,
} from '../../core/edge/resize-variant.ts';
import { IMMUTABLE_CACHE_CONTROL } from '../../core/images/ladder.ts';

/** How long CloudFront may cache a 404: an image may be ingested a moment later. */
const NOT_FOUND_CACHE_CONTROL = 'public, max-age=60';

/** The Function URL adapter around the core, for the Lambda entry and the local edge. */
export async function handleResizeRequest(
  deps: ResizeDependencies,
  event: LambdaFunctionURLEvent,
): Promise<APIGatewayProxyStructuredResultV2> {
  const method = event.requestContext.http.method;
  if (method !== 'GET' && method !== 'HEAD') {
    return text(405, 'Only GET and HEAD', { allow: 'GET, HEAD', 'cache-control': 'no-store' });
  }
  const result = await resizeVariant(deps, event.rawPath);
  return toResponse(result, method === 'HEAD');
}

function toResponse(result: ResizeResult, head: boolean): APIGatewayProxyStructuredResultV2 {
  switch (result.kind) {
    case 'image': {
      const timing = Object.entries(result.timings)
        .map(([stage, ms]) => `${stage};dur=${ms.toFixed(1)}`)
        .join(', ');
      return {
        statusCode: 200,
        headers: {
          'content-type': result.contentType,
          'content-length': String(result.body.length),
          'cache-control': IMMUTABLE_CACHE_CONTROL,
          etag: result.etag,
          ...(timing && { 'server-timing': timing }),
        },
        body: head ? '' : result.body.toString('base64'),
        isBase64Encoded: !head,
      };
    }
    case 'too-large':
      // Stored, but over Lambda's response limit: the next request finds it in the bucket.
      return text(307, 'The variant is ready; follow the redirect', {
        location: result.location,
        'cache-control': 'no-store',
      });
    case 'error':
      return text(result.status, result.message, {
        'cache-control': result.status === 404 ? NOT_FOUND_CACHE_CONTROL : 'no-store',
        ...(result.status === 503 && { 'retry-after': '1' }),
      });
  }
}

function text(
  statusCode: number,
  message: string,
  headers: Record<string, string>,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    body: `${message}\n`,
  };
}
