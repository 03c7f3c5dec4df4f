// One Lambda function as the system deploys every one: a bundle from functions/, an explicit
// architecture, its own log group with retention, JSON logs, and a role that can write those
// logs and do only what `statements` allow.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Architecture, FunctionBundle } from './function-bundle.ts';
import { type PolicyStatement, trustPolicy } from './iam.ts';

export interface NodeFunctionArgs {
  bundle: FunctionBundle;
  architecture: Architecture;
  memorySize: number;
  /** Seconds. */
  timeout: number;
  environment: Record<string, pulumi.Input<string>>;
  /** What the function may do besides writing its logs. */
  statements: PolicyStatement[];
  logRetentionDays: number;
  reservedConcurrentExecutions?: number;
}

export interface NodeFunction {
  function: aws.lambda.Function;
  role: aws.iam.Role;
  logGroup: aws.cloudwatch.LogGroup;
}

/** The Lambda runtime every function runs on. */
export const LAMBDA_RUNTIME = 'nodejs24.x';

/** Creates the function `${name}` and its role and log group as children of `opts.parent`. */
export function createNodeFunction(
  name: string,
  args: NodeFunctionArgs,
  opts: pulumi.CustomResourceOptions,
): NodeFunction {
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-logs`,
    { retentionInDays: args.logRetentionDays },
    opts,
  );
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      assumeRolePolicy: trustPolicy('lambda.amazonaws.com'),
    },
    opts,
  );
  // The function waits for its permissions: an event source mapping made with it checks them.
  const policy = new aws.iam.RolePolicy(
    `${name}-policy`,
    {
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'WriteOwnLogs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: pulumi.interpolate`${logGroup.arn}:*`,
          },
          ...args.statements,
        ],
      }),
    },
    opts,
  );
  const fn = new aws.lambda.Function(
    name,
    {
      runtime: LAMBDA_RUNTIME,
      architectures: [args.architecture],
      handler: args.bundle.handler,
      code: new pulumi.asset.FileArchive(args.bundle.dir),
      role: role.arn,
      memorySize: args.memorySize,
      timeout: args.timeout,
      environment: { variables: args.environment },
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      ...(args.reservedConcurrentExecutions !== undefined && {
        reservedConcurrentExecutions: args.reservedConcurrentExecutions,
      }),
    },
    { ...opts, dependsOn: [policy] },
  );
  return { function: fn, role, logGroup };
}
