// The one CloudFront distribution the visitor talks to: the static site, the API and the
// images. /img/* is normalized by a CloudFront Function, then served from the optimized bucket,
// failing over on 403/404 to the resize Lambda's Function URL; both origins are reached through
// Origin Access Control only (the bucket is private, the Function URL needs IAM auth), and the
// served buckets' policies, which grant this distribution its reads, are made here. The resize
// Lambda has a ceiling on its concurrency and an alarm on its invocations.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { API_QUERY_PARAMETERS } from '../core/api/contract.ts';
import {
  ERROR_CACHING_MIN_TTL,
  FAILOVER_STATUS_CODES,
  IMAGE_CACHE_TTL,
  IMAGE_RESPONSE_HEADERS,
  ORIGIN_VERIFY_HEADER,
} from '../core/edge/cdn-policy.ts';
import { normalizerSource, siteRouterSource } from '../core/edge/edge-functions.ts';
import { VARIANT_PREFIX } from '../core/images/object-keys.ts';
import { LEASE_PARTITIONS } from '../core/store/table-schema.ts';
import type { Architecture, FunctionBundle } from './function-bundle.ts';
import { objectAccess, partitionAccess, readOriginals, tableAccess } from './iam.ts';
import { alarmAbove, lambdaMetric } from './monitoring.ts';
import { createNodeFunction, type NodeFunction } from './node-function.ts';
import { bucketPolicy } from './private-bucket.ts';

export interface DistributionArgs {
  optimizedBucket: aws.s3.Bucket;
  siteBucket: aws.s3.Bucket;
  rawBucket: aws.s3.Bucket;
  table: aws.dynamodb.Table;
  resize: {
    bundle: FunctionBundle;
    architecture: Architecture;
    memorySize: number;
    reservedConcurrency: number;
    /** Invocations in five minutes that ring the miss-storm alarm. */
    alarmInvocations: number;
  };
  environment: Record<string, pulumi.Input<string>>;
  /** The HTTP API's endpoint, e.g. `https://abc.execute-api.eu-central-1.amazonaws.com`. */
  apiEndpoint: pulumi.Input<string>;
  /** Custom domain and its us-east-1 certificate; without them, the CloudFront domain. */
  domain?: { name: string; certificateArn: string };
  logRetentionDays: number;
  alarmTopicArn: pulumi.Input<string>;
  /** The edge firewall's web ACL (EdgeFirewall, in us-east-1). */
  webAclArn?: pulumi.Input<string>;
  /** Sent to the API in ORIGIN_VERIFY_HEADER, so that only this distribution reaches it. */
  apiOriginSecret: pulumi.Input<string>;
}

/** Managed policies (IDs are global and fixed). */
const MANAGED = {
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  allViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
  securityHeaders: '67f7725c-6f97-4210-82d7-5512b31e9d03',
} as const;

const ORIGIN = {
  site: 'site',
  imagesBucket: 'images-bucket',
  imagesResize: 'images-resize',
  images: 'images',
  api: 'api',
} as const;

/** Seconds the resize Lambda may take for one variant. */
export const RESIZE_TIMEOUT_SECONDS = 30;

export class Distribution extends pulumi.ComponentResource {
  public readonly distribution: aws.cloudfront.Distribution;
  public readonly resize: NodeFunction;
  public readonly resizeUrl: aws.lambda.FunctionUrl;
  /** https://<domain or CloudFront domain> */
  public readonly siteUrl: pulumi.Output<string>;

  constructor(name: string, args: DistributionArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Named ImageCdn until it was seen to be the whole distribution: the alias keeps the
    // deployed component, and with it every resource under it, in place (no replacement).
    super(
      'portfolio:cdn:Distribution',
      name,
      {},
      {
        ...opts,
        aliases: [...(opts.aliases ?? []), { type: 'portfolio:cdn:ImageCdn' }],
      },
    );
    const parent = { parent: this };

    this.resize = createNodeFunction(
      `${name}-resize`,
      {
        bundle: args.resize.bundle,
        architecture: args.resize.architecture,
        memorySize: args.resize.memorySize,
        timeout: RESIZE_TIMEOUT_SECONDS,
        environment: args.environment,
        logRetentionDays: args.logRetentionDays,
        reservedConcurrentExecutions: args.resize.reservedConcurrency,
        statements: [
          ...readOriginals(args.rawBucket, args.optimizedBucket),
          objectAccess('StoreVariants', args.optimizedBucket, VARIANT_PREFIX, [
            'GetObject',
            'PutObject',
          ]),
          // Image records, read; a lease per image, so one image is decoded once at a time,
          // written in the leases' own partitions only.
          tableAccess('ReadRecords', args.table, ['GetItem']),
          partitionAccess('Leases', args.table, ['PutItem', 'DeleteItem'], LEASE_PARTITIONS),
        ],
      },
      parent,
    );
    // Never a public URL: only requests signed by CloudFront's OAC get through.
    this.resizeUrl = new aws.lambda.FunctionUrl(
      `${name}-resize-url`,
      {
        functionName: this.resize.function.name,
        authorizationType: 'AWS_IAM',
        invokeMode: 'BUFFERED',
      },
      parent,
    );

    const originAccess = (kind: 's3' | 'lambda', description: string) =>
      new aws.cloudfront.OriginAccessControl(
        `${name}-${kind}-oac`,
        {
          description,
          originAccessControlOriginType: kind,
          signingBehavior: 'always',
          signingProtocol: 'sigv4',
        },
        parent,
      );
    const s3Access = originAccess('s3', 'CloudFront reads the private site and optimized buckets');
    const lambdaAccess = originAccess('lambda', 'CloudFront invokes the resize Function URL');

    const viewerFunction = (suffix: string, comment: string, code: string) =>
      new aws.cloudfront.Function(
        `${name}-${suffix}`,
        { runtime: 'cloudfront-js-2.0', comment, code, publish: true },
        parent,
      );
    const normalizer = viewerFunction(
      'normalizer',
      'Normalizes /img/* URLs onto the ladder x formats allowlist',
      normalizerSource(),
    );
    const router = viewerFunction(
      'site-router',
      'Maps the site pretty URLs onto the static build',
      siteRouterSource(),
    );

    const imageCache = new aws.cloudfront.CachePolicy(
      `${name}-image-cache`,
      {
        comment: 'Images: the normalized path is the whole key',
        minTtl: IMAGE_CACHE_TTL.min,
        defaultTtl: IMAGE_CACHE_TTL.default,
        maxTtl: IMAGE_CACHE_TTL.max,
        parametersInCacheKeyAndForwardedToOrigin: {
          cookiesConfig: { cookieBehavior: 'none' },
          headersConfig: { headerBehavior: 'none' },
          queryStringsConfig: { queryStringBehavior: 'none' },
          enableAcceptEncodingGzip: false,
          enableAcceptEncodingBrotli: false,
        },
      },
      parent,
    );
    const apiCache = new aws.cloudfront.CachePolicy(
      `${name}-api-cache`,
      {
        comment: "API: the origin's Cache-Control decides; cursor and limit are the key",
        minTtl: 0,
        defaultTtl: 0,
        maxTtl: 300,
        parametersInCacheKeyAndForwardedToOrigin: {
          cookiesConfig: { cookieBehavior: 'none' },
          headersConfig: { headerBehavior: 'none' },
          // Only what the API reads: a made-up parameter is dropped here, not a cache miss.
          queryStringsConfig: {
            queryStringBehavior: 'whitelist',
            queryStrings: { items: [...API_QUERY_PARAMETERS] },
          },
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        },
      },
      parent,
    );
    const imageHeaders = new aws.cloudfront.ResponseHeadersPolicy(
      `${name}-image-headers`,
      imageResponseHeadersPolicy(),
      parent,
    );

    const apiDomain = pulumi.output(args.apiEndpoint).apply((url) => new URL(url).host);
    const resizeDomain = this.resizeUrl.functionUrl.apply((url) => new URL(url).host);
    const httpsOnly = {
      httpPort: 80,
      httpsPort: 443,
      originProtocolPolicy: 'https-only',
      originSslProtocols: ['TLSv1.2'],
    };
    // What every behaviour shares: reads only, cached, over HTTPS.
    const readsOverHttps = {
      allowedMethods: ['GET', 'HEAD'],
      cachedMethods: ['GET', 'HEAD'],
      viewerProtocolPolicy: 'redirect-to-https',
    };
    const imageBehaviour = {
      ...readsOverHttps,
      compress: false,
      cachePolicyId: imageCache.id,
      responseHeadersPolicyId: imageHeaders.id,
      functionAssociations: [{ eventType: 'viewer-request', functionArn: normalizer.arn }],
    };

    this.distribution = new aws.cloudfront.Distribution(
      `${name}-distribution`,
      {
        enabled: true,
        comment: 'portfolio: site, API and images',
        isIpv6Enabled: true,
        httpVersion: 'http2and3',
        priceClass: 'PriceClass_100',
        defaultRootObject: 'index.html',
        ...(args.domain && { aliases: [args.domain.name] }),
        ...(args.webAclArn && { webAclId: args.webAclArn }),
        origins: [
          {
            originId: ORIGIN.site,
            domainName: args.siteBucket.bucketRegionalDomainName,
            originAccessControlId: s3Access.id,
          },
          {
            originId: ORIGIN.imagesBucket,
            domainName: args.optimizedBucket.bucketRegionalDomainName,
            originAccessControlId: s3Access.id,
          },
          {
            originId: ORIGIN.imagesResize,
            domainName: resizeDomain,
            originAccessControlId: lambdaAccess.id,
            customOriginConfig: httpsOnly,
          },
          {
            originId: ORIGIN.api,
            domainName: apiDomain,
            customOriginConfig: httpsOnly,
            customHeaders: [{ name: ORIGIN_VERIFY_HEADER, value: args.apiOriginSecret }],
          },
        ],
        originGroups: [
          {
            originId: ORIGIN.images,
            failoverCriteria: { statusCodes: [...FAILOVER_STATUS_CODES] },
            members: [{ originId: ORIGIN.imagesBucket }, { originId: ORIGIN.imagesResize }],
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: ORIGIN.site,
          ...readsOverHttps,
          compress: true,
          cachePolicyId: MANAGED.cachingOptimized,
          responseHeadersPolicyId: MANAGED.securityHeaders,
          functionAssociations: [{ eventType: 'viewer-request', functionArn: router.arn }],
        },
        orderedCacheBehaviors: [
          { pathPattern: '/img/*', targetOriginId: ORIGIN.images, ...imageBehaviour },
          {
            pathPattern: '/api/*',
            targetOriginId: ORIGIN.api,
            ...readsOverHttps,
            allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
            compress: true,
            cachePolicyId: apiCache.id,
            originRequestPolicyId: MANAGED.allViewerExceptHostHeader,
            responseHeadersPolicyId: MANAGED.securityHeaders,
          },
        ],
        customErrorResponses: [400, 403, 404].map((errorCode) => ({
          errorCode,
          errorCachingMinTtl: ERROR_CACHING_MIN_TTL,
        })),
        restrictions: { geoRestriction: { restrictionType: 'none' } },
        viewerCertificate: args.domain
          ? {
              acmCertificateArn: args.domain.certificateArn,
              sslSupportMethod: 'sni-only',
              minimumProtocolVersion: 'TLSv1.2_2021',
            }
          : // The *.cloudfront.net certificate allows TLS 1.0 and cannot be changed: the policy
            // pack refuses it, so a stack without a domain is for trying out only.
            { cloudfrontDefaultCertificate: true },
      },
      parent,
    );

    // CloudFront may call the Function URL only for this distribution; since October 2025 it
    // needs both permissions.
    for (const action of ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'] as const) {
      new aws.lambda.Permission(
        `${name}-resize-${action === 'lambda:InvokeFunctionUrl' ? 'url' : 'invoke'}-permission`,
        {
          action,
          function: this.resize.function.name,
          principal: 'cloudfront.amazonaws.com',
          sourceArn: this.distribution.arn,
          ...(action === 'lambda:InvokeFunctionUrl' && { functionUrlAuthType: 'AWS_IAM' }),
        },
        parent,
      );
    }

    alarmAbove(
      `${name}-resize-storm`,
      lambdaMetric(
        this.resize.function,
        'Invocations',
        'Many image misses reach the resize Lambda (a crawl of uncached sizes, or a bug)',
        { threshold: args.resize.alarmInvocations, notifyOk: true },
      ),
      args.alarmTopicArn,
      parent,
    );
    alarmAbove(
      `${name}-resize-throttles`,
      lambdaMetric(
        this.resize.function,
        'Throttles',
        'The resize Lambda reached its reserved concurrency',
      ),
      args.alarmTopicArn,
      parent,
    );

    this.siteUrl = args.domain
      ? pulumi.output(`https://${args.domain.name}`)
      : pulumi.interpolate`https://${this.distribution.domainName}`;
    // The served buckets' one policy each: TLS only, and this distribution reads the site and
    // the variants (never the originals, whose policy Storage makes).
    const distributionArn = this.distribution.arn;
    bucketPolicy(`${name}-site-policy`, args.siteBucket, [{ prefix: '', distributionArn }], parent);
    bucketPolicy(
      `${name}-optimized-policy`,
      args.optimizedBucket,
      [{ prefix: VARIANT_PREFIX, distributionArn }],
      parent,
    );

    this.registerOutputs({
      distributionId: this.distribution.id,
      siteUrl: this.siteUrl,
    });
  }
}

/**
 * The response headers policy for images, from IMAGE_RESPONSE_HEADERS. CloudFront takes
 * security and CORS headers only in their own sections, so each header goes where it belongs.
 * @throws {Error} for a header this mapping does not know (add it here, not by hand).
 */
export function imageResponseHeadersPolicy(): aws.cloudfront.ResponseHeadersPolicyArgs {
  const custom: { header: string; value: string; override: boolean }[] = [];
  const security: aws.types.input.cloudfront.ResponseHeadersPolicySecurityHeadersConfig = {};
  let cors: aws.types.input.cloudfront.ResponseHeadersPolicyCorsConfig | undefined;
  for (const [header, value] of Object.entries(IMAGE_RESPONSE_HEADERS)) {
    if (header === 'x-content-type-options' && value === 'nosniff') {
      security.contentTypeOptions = { override: true };
    } else if (header === 'strict-transport-security') {
      const maxAge = /max-age=(\d+)/.exec(value)?.[1];
      if (!maxAge) throw new Error(`strict-transport-security without max-age: ${value}`);
      security.strictTransportSecurity = {
        accessControlMaxAgeSec: Number(maxAge),
        includeSubdomains: /includeSubDomains/i.test(value),
        preload: /preload/i.test(value),
        override: true,
      };
    } else if (header === 'access-control-allow-origin') {
      cors = {
        accessControlAllowOrigins: { items: [value] },
        accessControlAllowMethods: { items: ['GET', 'HEAD'] },
        accessControlAllowHeaders: { items: ['*'] },
        accessControlAllowCredentials: false,
        originOverride: true,
      };
    } else if (header === 'timing-allow-origin') {
      custom.push({ header, value, override: true });
    } else {
      throw new Error(`No CloudFront mapping for the image response header ${header}`);
    }
  }
  return {
    comment: 'Image responses: nosniff, HSTS, CORS, Timing-Allow-Origin',
    securityHeadersConfig: security,
    ...(cors && { corsConfig: cors }),
    customHeadersConfig: { items: custom },
  };
}
