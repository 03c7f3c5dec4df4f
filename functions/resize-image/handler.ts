// AWS Lambda entry of the on-demand resizer, behind a Function URL that only CloudFront (OAC)
// may call: a normalized image path in, the variant (or an error CloudFront may cache) out.
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { lambdaEntry } from '../../core/platform/lambda-entry.ts';
import { handleResizeRequest } from './adapter.ts';
import { resizeDependencies } from './dependencies.ts';

export const handler = lambdaEntry(
  'resize-image',
  ({ clients, config, logger }) => resizeDependencies(clients, config, { logger }),
  (dependencies, event: LambdaFunctionURLEvent): Promise<APIGatewayProxyStructuredResultV2> =>
    handleResizeRequest(dependencies, event),
);
