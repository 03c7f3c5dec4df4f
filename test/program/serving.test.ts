// The program's serving side under mocks: one CloudFront distribution in front of the site,
// the API and the images (normalizer, origin group, resize Function URL), the edge firewall,
// and what each origin lets the distribution do.
import { expect } from 'chai';
import { FAILOVER_STATUS_CODES } from '../../core/edge/cdn-policy.ts';
import { normalizerSource, siteRouterSource } from '../../core/edge/edge-functions.ts';
import { json, runProgram } from '../support/program-run.ts';
import { named, ofType } from '../support/pulumi-mocks.ts';

describe("The Pulumi program's serving side (under mocks): the distribution, its origins, the API and the site", function () {
  // The first run in a process bundles the functions (sharp for linux-x64 from npm's cache).
  this.timeout(180_000);
  before(() => runProgram());

  it('answers the API only through the distribution: a secret header it adds, the function checks', () => {
    const secret = named(
      'random:index/randomPassword:RandomPassword',
      'infrastructure-api-origin-secret',
    );
    expect(secret.inputs).to.deep.include({ length: 48, special: false });
    const value = secret.state.result as string;
    const distribution = named(
      'aws:cloudfront/distribution:Distribution',
      'infrastructure-cdn-distribution',
    );
    const origins = distribution.inputs.origins as {
      originId: string;
      customHeaders?: { name: string; value: string }[];
    }[];
    expect(origins.find((origin) => origin.originId === 'api')?.customHeaders).to.deep.equal([
      { name: 'x-origin-verify', value },
    ]);
    const api = named('aws:lambda/function:Function', 'infrastructure-api-artist-api');
    const environment = api.inputs.environment as { variables: Record<string, string> };
    expect(environment.variables.ORIGIN_VERIFY_SECRET).to.equal(value);
    // Only the API's origin carries it.
    for (const origin of origins.filter((o) => o.originId !== 'api'))
      expect(origin.customHeaders ?? [], origin.originId).to.deep.equal([]);
  });

  it('puts a rate-limiting web ACL from us-east-1 in front of the images and the API', () => {
    const acl = named('aws:wafv2/webAcl:WebAcl', 'infrastructure-firewall-acl');
    expect(acl.provider ?? '').to.match(/infrastructure-us-east-1/);
    expect(named('pulumi:providers:aws', 'infrastructure-us-east-1').inputs.region).to.equal(
      'us-east-1',
    );
    expect(acl.inputs).to.deep.include({ scope: 'CLOUDFRONT', defaultAction: { allow: {} } });
    const rules = acl.inputs.rules as {
      name: string;
      action: unknown;
      statement: {
        rateBasedStatement: {
          limit: number;
          aggregateKeyType: string;
          scopeDownStatement: { byteMatchStatement: { searchString: string } };
        };
      };
    }[];
    expect(
      rules.map((rule) => [
        rule.name,
        rule.statement.rateBasedStatement.scopeDownStatement.byteMatchStatement.searchString,
        rule.statement.rateBasedStatement.limit,
        rule.statement.rateBasedStatement.aggregateKeyType,
        rule.action,
      ]),
    ).to.deep.equal([
      ['images-rate', '/img/', 3000, 'IP', { block: {} }],
      ['api-rate', '/api/', 600, 'IP', { block: {} }],
    ]);
    const distribution = named(
      'aws:cloudfront/distribution:Distribution',
      'infrastructure-cdn-distribution',
    );
    expect(distribution.inputs.webAclId).to.equal(acl.state.arn);
  });

  it('keys the API cache on its parameters only (cursor, limit, city, style): a made-up one is no cache miss', () => {
    const policy = named('aws:cloudfront/cachePolicy:CachePolicy', 'infrastructure-cdn-api-cache');
    const parameters = policy.inputs.parametersInCacheKeyAndForwardedToOrigin as {
      queryStringsConfig: { queryStringBehavior: string; queryStrings: { items: string[] } };
    };
    expect(parameters.queryStringsConfig).to.deep.equal({
      queryStringBehavior: 'whitelist',
      queryStrings: { items: ['cursor', 'limit', 'city', 'style'] },
    });
  });

  it('serves /img/* through the normalizer and an origin group failing over to the resize Function URL', () => {
    const distribution = named(
      'aws:cloudfront/distribution:Distribution',
      'infrastructure-cdn-distribution',
    );
    const inputs = distribution.inputs as {
      originGroups: {
        failoverCriteria: { statusCodes: number[] };
        members: { originId: string }[];
      }[];
      origins: { originId: string; domainName: string; originAccessControlId?: string }[];
      orderedCacheBehaviors: {
        pathPattern: string;
        targetOriginId: string;
        functionAssociations?: { functionArn: string }[];
      }[];
      aliases: string[];
      viewerCertificate: Record<string, unknown>;
    };
    expect(inputs.originGroups[0]?.failoverCriteria.statusCodes).to.deep.equal([
      ...FAILOVER_STATUS_CODES,
    ]);
    expect(inputs.originGroups[0]?.members.map((m) => m.originId)).to.deep.equal([
      'images-bucket',
      'images-resize',
    ]);
    const resizeOrigin = inputs.origins.find((o) => o.originId === 'images-resize');
    expect(resizeOrigin?.domainName).to.equal(
      'infrastructure-cdn-resize-url.lambda-url.eu-central-1.on.aws',
    );
    const lambdaOac = named(
      'aws:cloudfront/originAccessControl:OriginAccessControl',
      'infrastructure-cdn-lambda-oac',
    );
    expect(lambdaOac.inputs.originAccessControlOriginType).to.equal('lambda');
    expect(resizeOrigin?.originAccessControlId).to.equal(lambdaOac.id);
    const normalizer = named('aws:cloudfront/function:Function', 'infrastructure-cdn-normalizer');
    expect(normalizer.inputs.code).to.equal(normalizerSource());
    const router = named('aws:cloudfront/function:Function', 'infrastructure-cdn-site-router');
    expect(router.inputs.code).to.equal(siteRouterSource());
    const images = inputs.orderedCacheBehaviors.find((b) => b.pathPattern === '/img/*');
    expect(images?.targetOriginId).to.equal('images');
    expect(images?.functionAssociations?.[0]?.functionArn).to.equal(normalizer.state.arn);
    const api = inputs.orderedCacheBehaviors.find((b) => b.pathPattern === '/api/*');
    expect(api?.targetOriginId).to.equal('api');
    expect(inputs.aliases).to.deep.equal(['tattoo.example']);
    expect(inputs.viewerCertificate).to.deep.include({ minimumProtocolVersion: 'TLSv1.2_2021' });
  });

  it('lets only CloudFront call the resize Function URL, with both permissions, under a concurrency ceiling', () => {
    const url = named('aws:lambda/functionUrl:FunctionUrl', 'infrastructure-cdn-resize-url');
    expect(url.inputs.authorizationType).to.equal('AWS_IAM');
    const distribution = named(
      'aws:cloudfront/distribution:Distribution',
      'infrastructure-cdn-distribution',
    );
    const permissions = ofType('aws:lambda/permission:Permission', 'infrastructure-cdn-resize');
    expect(permissions.map((p) => p.inputs.action).sort()).to.deep.equal([
      'lambda:InvokeFunction',
      'lambda:InvokeFunctionUrl',
    ]);
    for (const permission of permissions) {
      expect(permission.inputs).to.deep.include({
        principal: 'cloudfront.amazonaws.com',
        sourceArn: distribution.state.arn,
      });
    }
    const resize = named('aws:lambda/function:Function', 'infrastructure-cdn-resize');
    expect(resize.inputs.reservedConcurrentExecutions).to.equal(12);
    const storm = named(
      'aws:cloudwatch/metricAlarm:MetricAlarm',
      'infrastructure-cdn-resize-storm',
    );
    expect(storm.inputs).to.deep.include({ metricName: 'Invocations', threshold: 3000 });
  });

  it('lets the distribution read the served buckets and nothing read the originals', () => {
    const distribution = named(
      'aws:cloudfront/distribution:Distribution',
      'infrastructure-cdn-distribution',
    );
    // The originals' policy is Storage's; the served buckets' come with the distribution.
    const grants = (name: string) =>
      json(named('aws:s3/bucketPolicy:BucketPolicy', name).inputs.policy).Statement.filter(
        (s: { Effect: string }) => s.Effect === 'Allow',
      );
    expect(grants('infrastructure-storage-raw-policy')).to.deep.equal([]);
    const served = { site: '*', optimized: 'img/*' };
    for (const [role, objects] of Object.entries(served)) {
      const [grant, ...others] = grants(`infrastructure-cdn-${role}-policy`);
      expect(others).to.deep.equal([]);
      expect(grant).to.deep.include({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: `${named('aws:s3/bucket:Bucket', `infrastructure-storage-${role}`).state.arn}/${objects}`,
        Condition: { StringEquals: { 'AWS:SourceArn': distribution.state.arn } },
      });
    }
  });

  it('routes every /api path to the artist API (arm64) with throttling', () => {
    const routes = ofType('aws:apigatewayv2/route:Route', 'infrastructure-api');
    expect(routes.map((r) => r.inputs.routeKey)).to.deep.equal(['ANY /api/{proxy+}']);
    const stage = named('aws:apigatewayv2/stage:Stage', 'infrastructure-api-stage');
    expect(stage.inputs.defaultRouteSettings).to.deep.include({
      throttlingRateLimit: 200,
      throttlingBurstLimit: 400,
    });
    const fn = named('aws:lambda/function:Function', 'infrastructure-api-artist-api');
    expect(fn.inputs.architectures).to.deep.equal(['arm64']);
    const policy = json(
      named('aws:iam/rolePolicy:RolePolicy', 'infrastructure-api-artist-api-policy').inputs.policy,
    );
    const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => s.Action);
    expect(actions).to.include.members(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(actions).not.to.include('dynamodb:Scan');
  });

  it('uploads the site build with content types; hashed assets immutable, pages revalidated', () => {
    const objects = ofType('aws:s3/bucketObjectv2:BucketObjectv2', 'infrastructure-site');
    const byKey = Object.fromEntries(objects.map((o) => [o.inputs.key, o.inputs]));
    expect(Object.keys(byKey).sort()).to.deep.equal([
      '_astro/gallery.Ab12Cd.js',
      'artists/index.html',
      'index.html',
    ]);
    expect(byKey['index.html']).to.deep.include({ contentType: 'text/html' });
    expect(byKey['index.html']?.cacheControl).to.match(/max-age=0/);
    expect(byKey['_astro/gallery.Ab12Cd.js']?.cacheControl).to.include('immutable');
  });
});
