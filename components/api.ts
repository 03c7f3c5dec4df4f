// The artist API: an HTTP API (payload 2.0) in front of the artist-api Lambda, which only reads
// the table. Throttled at the stage; access logs with retention.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { ORIGIN_VERIFY_ENV } from '../core/edge/cdn-policy.ts';
import type { Architecture, FunctionBundle } from './function-bundle.ts';
import { tableAccess } from './iam.ts';
import { createNodeFunction, type NodeFunction } from './node-function.ts';

export interface ApiArgs {
  table: aws.dynamodb.Table;
  bundle: FunctionBundle;
  architecture: Architecture;
  environment: Record<string, pulumi.Input<string>>;
  rateLimit: number;
  burstLimit: number;
  logRetentionDays: number;
  /** The value CloudFront sends in ORIGIN_VERIFY_HEADER; the function refuses requests without it. */
  originSecret: pulumi.Input<string>;
}

/**
 * Every path under /api goes to the handler, which answers the contract's routes and its own
 * 404 and 405 (JSON with a reason) for the rest, rather than API Gateway's.
 */
export const API_ROUTES = ['ANY /api/{proxy+}'] as const;

export class Api extends pulumi.ComponentResource {
  public readonly api: aws.apigatewayv2.Api;
  public readonly handler: NodeFunction;
  /** https://<id>.execute-api.<region>.amazonaws.com */
  public readonly endpoint: pulumi.Output<string>;

  constructor(name: string, args: ApiArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('portfolio:api:Api', name, {}, opts);
    const parent = { parent: this };

    this.handler = createNodeFunction(
      `${name}-artist-api`,
      {
        bundle: args.bundle,
        architecture: args.architecture,
        memorySize: 512,
        timeout: 10,
        environment: { ...args.environment, [ORIGIN_VERIFY_ENV]: args.originSecret },
        logRetentionDays: args.logRetentionDays,
        // Reads only: a visitor's request never writes, and never scans.
        statements: [tableAccess('ReadArtists', args.table, ['GetItem', 'Query'])],
      },
      parent,
    );

    this.api = new aws.apigatewayv2.Api(
      `${name}-http`,
      { protocolType: 'HTTP', description: 'portfolio artist profiles' },
      parent,
    );
    const integration = new aws.apigatewayv2.Integration(
      `${name}-integration`,
      {
        apiId: this.api.id,
        integrationType: 'AWS_PROXY',
        integrationUri: this.handler.function.arn,
        payloadFormatVersion: '2.0',
        timeoutMilliseconds: 10_000,
      },
      parent,
    );
    for (const routeKey of API_ROUTES) {
      new aws.apigatewayv2.Route(
        `${name}-route-${routeKey
          .replace(/[^a-z]+/gi, '-')
          .replace(/-+$/, '')
          .toLowerCase()}`,
        {
          apiId: this.api.id,
          routeKey,
          target: pulumi.interpolate`integrations/${integration.id}`,
        },
        parent,
      );
    }
    const accessLogs = new aws.cloudwatch.LogGroup(
      `${name}-access-logs`,
      { retentionInDays: args.logRetentionDays },
      parent,
    );
    new aws.apigatewayv2.Stage(
      `${name}-stage`,
      {
        apiId: this.api.id,
        name: '$default',
        autoDeploy: true,
        defaultRouteSettings: {
          throttlingRateLimit: args.rateLimit,
          throttlingBurstLimit: args.burstLimit,
        },
        accessLogSettings: {
          destinationArn: accessLogs.arn,
          format: JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latency: '$context.integrationLatency',
            ip: '$context.identity.sourceIp',
          }),
        },
      },
      parent,
    );
    new aws.lambda.Permission(
      `${name}-invoke-permission`,
      {
        action: 'lambda:InvokeFunction',
        function: this.handler.function.name,
        principal: 'apigateway.amazonaws.com',
        sourceArn: pulumi.interpolate`${this.api.executionArn}/*/*`,
      },
      parent,
    );

    this.endpoint = this.api.apiEndpoint;
    this.registerOutputs({ apiEndpoint: this.endpoint });
  }
}
