// The stack's configuration: every key the program reads, with its type and default, validated
// in one place so `pulumi preview` stops at once with every problem named.
import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { DEFAULT_BACKUP_RETENTION_DAYS } from '../core/store/buckets.ts';

const architecture = z.enum(['x86_64', 'arm64']);
const positive = z.number().int().positive();
const awsRegion = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region like eu-west-1');

export const stackConfigSchema = z.object({
  namePrefix: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{1,25}$/,
      'lowercase letters, digits and dashes, at most 26 (bucket prefixes are capped at 37)',
    )
    .default('portfolio'),
  logArchiveRoleArn: z
    .string()
    .regex(/^arn:aws:iam::\d{12}:role\/.+$/, 'expected an IAM role ARN in the log archive account'),
  backupRegion: awsRegion.default('eu-west-1'),
  backupRetentionDays: positive.default(DEFAULT_BACKUP_RETENTION_DAYS),
  schedule: z
    .string()
    .regex(/^(cron|rate|at)\(.+\)$/, 'expected cron(...), rate(...) or at(...)')
    .default('cron(0 4 * * ? *)'),
  scheduleTimezone: z.string().min(1).default('UTC'),
  domain: z.string().default(''),
  certificateArn: z.string().default(''),
  alarmEmail: z.string().default(''),
  logRetentionDays: positive.default(30),
  deletionProtection: z.boolean().default(true),
  sharpArchitecture: architecture.default('x86_64'),
  apiArchitecture: architecture.default('arm64'),
  optimizerMemoryMb: z.number().int().min(1024).max(10240).default(3008),
  resizeMemoryMb: z.number().int().min(1024).max(10240).default(2048),
  resizeReservedConcurrency: positive.default(20),
  resizeAlarmInvocations: positive.default(3000),
  apiRateLimit: positive.default(200),
  apiBurstLimit: positive.default(400),
  /** Per client IP, per five minutes, at the edge (WAF; at least 10). */
  edgeImageRateLimit: z.number().int().min(10).default(3000),
  edgeApiRateLimit: z.number().int().min(10).default(600),
  scraperCpu: z
    .union([z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)])
    .default(1024),
  scraperMemoryMb: z.number().int().min(512).max(30720).default(3072),
  scraperBatchSize: positive.default(5),
  scraperMaxConcurrency: positive.default(4),
  scraperSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/)).default([]),
  scraperSecurityGroupIds: z.array(z.string().regex(/^sg-[0-9a-f]+$/)).default([]),
  siteDir: z.string().min(1).default('site/dist'),
  instagramGraphUserId: z
    .string()
    .regex(/^(\d{5,25})?$/, 'expected the numeric id of your Instagram business account')
    .default(''),
  instagramGraphTokenParameter: z
    .string()
    .regex(/^(\/[\w.-]+)*$/, 'expected an SSM parameter name like /portfolio/instagram-token')
    .default(''),
});

export type StackConfig = z.infer<typeof stackConfigSchema>;

/** Thrown when the stack's configuration is incomplete or wrong; names every key. */
export class StackConfigError extends Error {
  override name = 'StackConfigError';
}

/**
 * Reads and validates the stack's configuration (namespace = the project name).
 * @throws {StackConfigError} listing every missing or malformed key.
 */
export function readStackConfig(config = new pulumi.Config()): StackConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(stackConfigSchema.shape)) {
    const value = config.get(key);
    if (value === undefined || value === '') continue;
    // Numbers, booleans and lists arrive as JSON text; strings as they are.
    // A value the key takes as text stays text (an account id is digits, not a number).
    const asText = stackConfigSchema.shape[key as keyof StackConfig].safeParse(value).success;
    raw[key] = asText ? value : parseConfigValue(value);
  }
  const result = stackConfigSchema.safeParse(raw);
  const problems = [
    ...(result.error?.issues ?? []).map((issue) => ({
      key: issue.path.join('.'),
      message: issue.message,
    })),
    ...crossProblems(raw),
  ];
  if (result.success && problems.length === 0) return result.data;
  throw new StackConfigError(
    `Invalid stack configuration:\n  ${problems
      .map(({ key, message }) => `${config.name}:${key}: ${message}`)
      .join('\n  ')}`,
  );
}

/** Rules across keys, checked even when single keys are wrong, so every problem shows at once. */
function crossProblems(raw: Record<string, unknown>): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  const certificate = typeof raw.certificateArn === 'string' ? raw.certificateArn : '';
  if (raw.domain && !certificate.startsWith('arn:aws:acm:us-east-1:')) {
    problems.push({
      key: 'certificateArn',
      message: 'a domain needs an ACM certificate in us-east-1 (CloudFront reads only there)',
    });
  }
  if (Boolean(raw.instagramGraphUserId) !== Boolean(raw.instagramGraphTokenParameter)) {
    problems.push({
      key: 'instagramGraphTokenParameter',
      message: 'the Graph API needs both instagramGraphUserId and instagramGraphTokenParameter',
    });
  }
  const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  if (count(raw.scraperSubnetIds) > 0 !== count(raw.scraperSecurityGroupIds) > 0) {
    problems.push({
      key: 'scraperSecurityGroupIds',
      message: 'give both scraperSubnetIds and scraperSecurityGroupIds, or neither',
    });
  }
  return problems;
}

function parseConfigValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
