// AWS Lambda entry of the on-demand resizer, behind a Function URL that only CloudFront (OAC)
// may call: a normalized image path in, the variant (or an error CloudFront may cache) out.
import type {
  APIGatewayProxyStructuredResultV2,
  Context,
  LambdaFunctionURLEvent,
} from 'aws-lambda';
import { createAwsClients } from '../lib/aws-clients.ts';
import { readFunctionsConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { handleResizeRequest } from './adapter.ts';
import { resizeDependencies } from './dependencies.ts';
import type { ResizeDependencies } from './resize-variant.ts';

const logger = createLogger('resize-image');
let dependencies: ResizeDependencies | undefined;

export async function handler(
  event: LambdaFunctionURLEvent,
  context?: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  if (context) logger.addContext(context); // the request id in every line
  if (!dependencies) {
    const config = readFunctionsConfig();
    dependencies = resizeDependencies(createAwsClients(config), config, { logger });
  }
  return handleResizeRequest(dependencies, event);
}
