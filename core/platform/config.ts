// Configuration of the Lambda functions, read once per cold start from the environment.
import { z } from 'zod';
import { BUCKETS } from '../store/buckets.ts';
import { TABLE } from '../store/table-schema.ts';
import { httpUrlSchema } from '../vocabulary/identifiers.ts';
import { readEnvConfig } from './env-config.ts';

const name = z.string().min(3, 'Expected a name of at least 3 characters');
const endpoint = httpUrlSchema.optional();

const functionsEnv = z.object({
  AWS_REGION: z.string().default('us-east-1'),
  [BUCKETS.raw.envVar]: name,
  [BUCKETS.optimized.envVar]: name,
  [TABLE.envVar]: name,
  S3_ENDPOINT: endpoint,
  DYNAMODB_ENDPOINT: endpoint,
});

export interface FunctionsConfig {
  region: string;
  rawBucket: string;
  optimizedBucket: string;
  tableName: string;
  /** Set in local mode: the S3 stand-in. */
  s3Endpoint?: string | undefined;
  /** Set in local mode: the DynamoDB stand-in. */
  dynamodbEndpoint?: string | undefined;
}

/**
 * The functions' configuration from `env`.
 * @throws {ConfigurationError} naming each missing or malformed variable.
 */
export function readFunctionsConfig(env: NodeJS.ProcessEnv = process.env): FunctionsConfig {
  const parsed = readEnvConfig(functionsEnv, env);
  return Object.freeze({
    region: parsed.AWS_REGION,
    rawBucket: parsed.RAW_BUCKET,
    optimizedBucket: parsed.OPTIMIZED_BUCKET,
    tableName: parsed.TABLE_NAME,
    s3Endpoint: parsed.S3_ENDPOINT,
    dynamodbEndpoint: parsed.DYNAMODB_ENDPOINT,
  });
}

/** The environment that points the functions at local stand-ins. */
export function localFunctionsEnv(endpoints: { s3: string; dynamodb: string }) {
  return {
    [BUCKETS.raw.envVar]: BUCKETS.raw.localName,
    [BUCKETS.optimized.envVar]: BUCKETS.optimized.localName,
    [TABLE.envVar]: TABLE.localName,
    S3_ENDPOINT: endpoints.s3,
    DYNAMODB_ENDPOINT: endpoints.dynamodb,
  };
}
