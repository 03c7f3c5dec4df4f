// The edge's firewall: a WAF web ACL on the CloudFront distribution with a rate-based rule per
// path that costs work behind it. Made-up image ids each fall through to the resize Lambda
// (reserved concurrency 20), and uncached API pages each cost DynamoDB queries: one client
// past its rate is answered 403 at the edge until it slows down, before any Lambda runs.
// Costs (AWS list prices): $5 a month for the web ACL, $1 a month per rule, $0.60 per million
// requests inspected.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface EdgeFirewallArgs {
  /** Requests per client IP in any five minutes, per path prefix. */
  rateLimits: { images: number; api: number };
}

/** WAF's smallest rate limit, and its window: requests per IP in five minutes. */
export const WAF_MIN_RATE_LIMIT = 10;

export class EdgeFirewall extends pulumi.ComponentResource {
  public readonly webAcl: aws.wafv2.WebAcl;

  /** @throws {Error} without `opts.provider`: a CloudFront web ACL lives in us-east-1 only. */
  constructor(name: string, args: EdgeFirewallArgs, opts: pulumi.ComponentResourceOptions = {}) {
    if (!opts.provider) {
      throw new Error(
        'EdgeFirewall needs opts.provider in us-east-1: CloudFront takes web ACLs from there only',
      );
    }
    super('portfolio:edge:EdgeFirewall', name, {}, opts);
    const rule = (priority: number, ruleName: string, prefix: string, limit: number) => ({
      name: ruleName,
      priority,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit,
          evaluationWindowSec: 300,
          aggregateKeyType: 'IP',
          scopeDownStatement: {
            byteMatchStatement: {
              searchString: prefix,
              positionalConstraint: 'STARTS_WITH',
              fieldToMatch: { uriPath: {} },
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
        },
      },
      visibilityConfig: {
        cloudwatchMetricsEnabled: true,
        metricName: `${name}-${ruleName}`,
        sampledRequestsEnabled: true,
      },
    });
    this.webAcl = new aws.wafv2.WebAcl(
      `${name}-acl`,
      {
        scope: 'CLOUDFRONT',
        description: 'Rate limits per client on the image and API paths',
        defaultAction: { allow: {} },
        rules: [
          rule(1, 'images-rate', '/img/', args.rateLimits.images),
          rule(2, 'api-rate', '/api/', args.rateLimits.api),
        ],
        visibilityConfig: {
          cloudwatchMetricsEnabled: true,
          metricName: `${name}-acl`,
          sampledRequestsEnabled: true,
        },
      },
      { parent: this },
    );
    this.registerOutputs({ webAclArn: this.webAcl.arn });
  }
}
