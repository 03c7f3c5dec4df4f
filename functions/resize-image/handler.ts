// AWS Lambda entry of the on-demand resizer, behind a Function URL that only CloudFront (OAC)
// may call: a normalized image path in, the variant (or an error CloudFront may cache) out.
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { createAwsClients } from '../lib/aws-clients.ts';
import { readFunctionsConfig } from '../lib/config.ts';
import { ImageLeases } from '../lib/image-leases.ts';
import { ImageRecords } from '../lib/image-records.ts';
import { IMMUTABLE_CACHE_CONTROL } from '../lib/ladder.ts';
import { createLogger } from '../lib/logger.ts';
import { type ResizeDependencies, type ResizeResult, resizeVariant } from './resize-variant.ts';

/** How long CloudFront may cache a 404: an image may be ingested a moment later. */
const NOT_FOUND_CACHE_CONTROL = 'public, max-age=60';

let dependencies: ResizeDependencies | undefined;

function coldStart(): ResizeDependencies {
  const config = readFunctionsConfig();
  const { s3, dynamo } = createAwsClients(config);
  return {
    s3,
    records: new ImageRecords(dynamo, config.tableName),
    leases: new ImageLeases(dynamo, config.tableName),
    rawBucket: config.rawBucket,
    optimizedBucket: config.optimizedBucket,
    logger: createLogger('resize-image'),
  };
}

export async function handler(
  event: LambdaFunctionURLEvent,
): Promise<APIGatewayProxyStructuredResultV2> {
  dependencies ??= coldStart();
  return handleResizeRequest(dependencies, event);
}

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
