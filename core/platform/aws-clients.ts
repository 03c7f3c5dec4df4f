// The one factory of AWS SDK clients: AWS itself, or the local stand-ins when endpoints are set.
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FunctionsConfig } from './config.ts';

export interface AwsClients {
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
}

/** Stand-ins accept any credentials; these keep the SDK from searching for real ones. */
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Clients for the configured endpoints; create them once per process (cold start). */
export function createAwsClients(
  config: Pick<FunctionsConfig, 'region' | 's3Endpoint' | 'dynamodbEndpoint'>,
): AwsClients {
  const s3 = new S3Client({
    region: config.region,
    ...(config.s3Endpoint && {
      endpoint: config.s3Endpoint,
      forcePathStyle: true,
      credentials: LOCAL_CREDENTIALS,
      // s3rver stores aws-chunked stream bodies verbatim (a PutObject of a stream would keep
      // the chunk framing in the object) unless checksums are only sent when an operation
      // requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  });
  const dynamoClient = new DynamoDBClient({
    region: config.region,
    ...(config.dynamodbEndpoint && {
      endpoint: config.dynamodbEndpoint,
      credentials: LOCAL_CREDENTIALS,
    }),
  });
  const dynamo = DynamoDBDocumentClient.from(dynamoClient, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { s3, dynamo };
}

/** An SQS client in `region`; at `endpoint` when one is set (a loopback stand-in in tests). */
export function createSqsClient(region: string, endpoint?: string): SQSClient {
  return new SQSClient({ region, ...(endpoint && { endpoint }) });
}

/**
 * A CloudFront client: its API is global, signed for us-east-1; at `endpoint` when one is set
 * (a loopback stand-in in tests).
 */
export function createCloudFrontClient(endpoint?: string): CloudFrontClient {
  return new CloudFrontClient({ region: 'us-east-1', ...(endpoint && { endpoint }) });
}
