// The one factory of AWS SDK clients: AWS itself, or the local stand-ins when endpoints are set.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
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
      // s3rver stores aws-chunked stream bodies verbatim unless checksums are only sent when
      // an operation requires them (see TOOLCHAIN.md).
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
