// IAM statements several components grant, written once.
import * as pulumi from '@pulumi/pulumi';
import { RAW_PREFIX } from '../core/images/object-keys.ts';
import { TABLE } from '../core/store/table-schema.ts';

/** One statement of an IAM policy, as the components write them. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: pulumi.Input<string> | pulumi.Input<string>[];
  Condition?: Record<string, unknown>;
}

/** An Allow of `service:action` for each of `actions`. */
const allow = (
  sid: string,
  service: 'dynamodb' | 's3',
  actions: string[],
  resource: PolicyStatement['Resource'],
): PolicyStatement => ({
  Sid: sid,
  Effect: 'Allow',
  Action: actions.map((action) => `${service}:${action}`),
  Resource: resource,
});

/** `actions` on the table and its index. */
export function tableAccess(
  sid: string,
  table: { arn: pulumi.Input<string> },
  actions: string[],
): PolicyStatement {
  return allow(sid, 'dynamodb', actions, [
    table.arn,
    pulumi.interpolate`${table.arn}/index/${TABLE.indexes.byCollection.name}`,
  ]);
}

/**
 * `actions` on the table's items whose partition key matches one of `partitions` (patterns
 * such as `SOURCES#*`), and no others: dynamodb:LeadingKeys.
 */
export function partitionAccess(
  sid: string,
  table: { arn: pulumi.Input<string> },
  actions: string[],
  partitions: readonly string[],
): PolicyStatement {
  return {
    ...allow(sid, 'dynamodb', actions, table.arn),
    Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitions] } },
  };
}

/** `actions` on the objects of `bucket` under `prefix`. */
export function objectAccess(
  sid: string,
  bucket: { arn: pulumi.Input<string> },
  prefix: string,
  actions: string[],
): PolicyStatement {
  return allow(sid, 's3', actions, pulumi.interpolate`${bucket.arn}/${prefix}*`);
}

/**
 * s3:ListBucket on `buckets`. Without it S3 answers a GET or HEAD of a missing key with 403
 * AccessDenied instead of 404, and the code that asks "is it there yet?" (the resize
 * function's stored-variant check, the optimizer's original-gone path) would take every miss
 * for an error. (The scraper asks nothing: its conditional write decides.)
 */
export function missingKeysAre404(
  sid: string,
  buckets: { arn: pulumi.Input<string> }[],
): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: 's3:ListBucket',
    Resource: buckets.map((bucket) => bucket.arn),
  };
}

/**
 * What both image functions (the optimizer, the resizer) need to decode an original: read it
 * under `originals/`, and know a missing original or variant as such (404).
 */
export function readOriginals(
  rawBucket: { arn: pulumi.Input<string> },
  optimizedBucket: { arn: pulumi.Input<string> },
): PolicyStatement[] {
  return [
    objectAccess('ReadOriginals', rawBucket, RAW_PREFIX, ['GetObject']),
    missingKeysAre404('KnowMissingObjects', [rawBucket, optimizedBucket]),
  ];
}

/**
 * Services that assume a role on behalf of a resource of this account and say so in
 * `aws:SourceAccount`/`aws:SourceArn`. Lambda does not set them when it assumes a function's
 * execution role (the role is bound to the function by its own configuration), so its trust
 * carries none.
 */
export const UNSCOPED_TRUST_SERVICES = ['lambda.amazonaws.com'] as const;

export interface TrustScope {
  /** The account whose resources may make the service assume the role. */
  sourceAccount: pulumi.Input<string>;
  /** `aws:SourceArn` patterns (ArnLike) of the resources that may, when known. */
  sourceArns?: pulumi.Input<string>[];
}

/**
 * A trust policy letting `service` assume a role, for this account's resources only (the
 * confused-deputy guard: another account cannot point the service at this role).
 */
export function trustPolicy(service: string, scope?: TrustScope): pulumi.Output<string> {
  const condition = scope && {
    StringEquals: { 'aws:SourceAccount': scope.sourceAccount },
    ...(scope.sourceArns && { ArnLike: { 'aws:SourceArn': scope.sourceArns } }),
  };
  return pulumi.jsonStringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        ...(condition && { Condition: condition }),
      },
    ],
  });
}
