// The whole Pulumi program (index.ts) under mocks, as an update: both accounts, every
// subsystem and their wiring. The policy pack over it: test/policy/; as a first preview:
// program-preview.test.ts.
import * as pulumi from '@pulumi/pulumi';
import { expect } from 'chai';
import { InfrastructureAccount } from '../components/infrastructure-account.ts';
import { readStackConfig } from '../components/stack-config.ts';
import { FAILOVER_STATUS_CODES } from '../functions/lib/cdn-policy.ts';
import { normalizerSource, siteRouterSource } from '../functions/lib/edge-functions.ts';
import {
  ARCHIVE_ACCOUNT,
  completed,
  fakeSiteBuild,
  STACK_CONFIG,
  useProgramMocks,
} from './support/program-run.ts';
import { MOCK_ACCOUNT, named, ofType, promiseOf, recorded } from './support/pulumi-mocks.ts';

const json = (value: unknown) => JSON.parse(value as string);

describe('The Pulumi program (index.ts, under mocks)', function () {
  // The first run bundles the functions and installs sharp for linux-x64 from npm's cache.
  this.timeout(180_000);
  const site = fakeSiteBuild();
  let program: typeof import('../index.ts');

  before(async () => {
    await useProgramMocks(site.dir);
    // index.ts itself, as `pulumi up` runs it (a module runs once per process: only here).
    program = await completed(() => import('../index.ts'));
  });

  after(() => site.remove());

  it('exports what an operator needs', async () => {
    expect(await promiseOf(program.siteUrl)).to.equal('https://tattoo.example');
    expect(await promiseOf(program.apiUrl)).to.match(/^https:\/\/.+\.execute-api\./);
    expect(await promiseOf(program.rawBucket)).to.equal('portfolio-prod-raw-mock');
    expect(await promiseOf(program.optimizedBucket)).to.equal('portfolio-prod-optimized-mock');
    expect(await promiseOf(program.tableName)).to.equal('portfolio-prod-portfolio');
    expect(await promiseOf(program.backupBucket)).to.equal('portfolio-prod-backup-mock');
    // The backfill hands images to the optimizer's queue.
    expect(await promiseOf(program.optimizerQueueUrl)).to.match(
      /^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com\/\d{12}\/infrastructure-pipeline-queue/,
    );
    const bundles = await promiseOf(pulumi.output(program.functionBundles));
    expect(bundles.map((b) => `${b.name}/${b.architecture}`).sort()).to.deep.equal([
      'artist-api/arm64',
      'plan-ingest/arm64',
      'process-image/x86_64',
      'reconcile/arm64',
      'resize-image/x86_64',
      'summarize-ingest/arm64',
    ]);
  });

  it('puts the backup in the log archive account through its own provider, with the retention from config', () => {
    const provider = named('pulumi:providers:aws', 'log-archive');
    expect(provider.inputs.region).to.equal('eu-west-1');
    expect(json(provider.inputs.assumeRoles)[0] ?? provider.inputs.assumeRoles).to.satisfy(
      (roles: unknown) =>
        JSON.stringify(roles).includes(STACK_CONFIG['portfolio:logArchiveRoleArn']),
    );
    for (const resource of recorded.filter((r) => r.name.startsWith('log-archive-'))) {
      expect(resource.provider, resource.name).to.match(/::log-archive::/);
    }
    const lock = named(
      'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration',
      'log-archive-backup-lock',
    );
    expect(lock.inputs.rule).to.deep.equal({ defaultRetention: { mode: 'COMPLIANCE', days: 45 } });
  });

  it('puts every resource of the infrastructure account on its own provider, in the stack region', () => {
    const provider = named('pulumi:providers:aws', 'infrastructure');
    expect(provider.inputs.region).to.equal(STACK_CONFIG['aws:region']);
    const resources = recorded.filter(
      (r) => r.type.startsWith('aws:') && r.name.startsWith('infrastructure'),
    );
    expect(resources.length).to.be.above(60);
    for (const resource of resources) {
      // The edge firewall's web ACL: CloudFront takes it from us-east-1 only.
      expect(resource.provider, resource.name).to.match(/::infrastructure(-us-east-1)?::/);
    }
  });

  it('refuses to build the infrastructure account without its own provider', () => {
    expect(() => new InfrastructureAccount('elsewhere', { config: readStackConfig() })).to.throw(
      /InfrastructureAccount needs opts.provider/,
    );
  });

  it('replicates raw and optimized into the backup bucket with the role the archive trusts', () => {
    const backup = named('aws:s3/bucket:Bucket', 'log-archive-backup');
    const role = named('aws:iam/role:Role', 'infrastructure-backup-replication-role');
    expect(role.inputs.name).to.equal('portfolio-prod-replication');
    const configs = ofType(
      'aws:s3/bucketReplicationConfig:BucketReplicationConfig',
      'infrastructure-replication',
    );
    expect(configs.map((c) => c.inputs.bucket).sort()).to.deep.equal([
      'portfolio-prod-optimized-mock',
      'portfolio-prod-raw-mock',
    ]);
    for (const config of configs) {
      expect(config.provider).to.match(/::infrastructure::/);
      const [rule] = config.inputs.rules as {
        destination: Record<string, unknown>;
        deleteMarkerReplication: unknown;
      }[];
      expect(rule?.destination).to.deep.include({
        bucket: backup.state.arn,
        account: ARCHIVE_ACCOUNT,
        accessControlTranslation: { owner: 'Destination' },
      });
      // A takedown reaches the backup as delete markers, which its lifecycle expires.
      expect(rule?.deleteMarkerReplication).to.deep.equal({ status: 'Enabled' });
    }
  });

  it('chains a raw object notification to the queue, its dead-letter queue and the optimizer', () => {
    const raw = named('aws:s3/bucket:Bucket', 'infrastructure-storage-raw');
    const queue = named('aws:sqs/queue:Queue', 'infrastructure-pipeline-queue');
    const dlq = named('aws:sqs/queue:Queue', 'infrastructure-pipeline-dlq');
    const optimizer = named('aws:lambda/function:Function', 'infrastructure-pipeline-optimizer');
    const [notification] = ofType('aws:s3/bucketNotification:BucketNotification', 'infrastructure');
    expect(notification?.inputs.bucket).to.equal(raw.id);
    expect(notification?.inputs.queues).to.deep.equal([
      { queueArn: queue.state.arn, events: ['s3:ObjectCreated:*'], filterPrefix: 'originals/' },
    ]);
    expect(json(queue.inputs.redrivePolicy)).to.deep.equal({
      deadLetterTargetArn: dlq.state.arn,
      maxReceiveCount: 5,
    });
    const queuePolicy = json(
      named('aws:sqs/queuePolicy:QueuePolicy', 'infrastructure-pipeline-queue-policy').inputs
        .policy,
    );
    expect(queuePolicy.Statement[0].Condition.ArnEquals['aws:SourceArn']).to.equal(raw.state.arn);
    const [mapping] = ofType('aws:lambda/eventSourceMapping:EventSourceMapping', 'infrastructure');
    expect(mapping?.inputs).to.deep.include({
      eventSourceArn: queue.state.arn,
      functionName: optimizer.state.arn,
      functionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(optimizer.inputs).to.deep.include({ runtime: 'nodejs24.x', architectures: ['x86_64'] });
    const optimizerPolicy = json(
      named('aws:iam/rolePolicy:RolePolicy', 'infrastructure-pipeline-optimizer-policy').inputs
        .policy,
    );
    const grants = Object.fromEntries(
      optimizerPolicy.Statement.map((s: { Sid: string; Action: string[]; Resource: unknown }) => [
        s.Sid,
        s,
      ]),
    );
    // What the optimizer does (process-raw-object.ts), and no more.
    expect(grants.ReadOriginals.Action).to.deep.equal(['s3:GetObject']);
    expect(grants.ReadOriginals.Resource).to.equal(`${raw.state.arn}/originals/*`);
    expect(grants.WriteVariants.Action).to.deep.equal([
      's3:PutObject',
      's3:GetObject',
      's3:DeleteObject',
    ]);
    // Without ListBucket a missing key is a 403, and "not stored yet" would read as an error.
    expect(grants.KnowMissingObjects).to.deep.include({
      Action: 's3:ListBucket',
      Resource: [
        raw.state.arn,
        named('aws:s3/bucket:Bucket', 'infrastructure-storage-optimized').state.arn,
      ],
    });
    const alarms = ofType('aws:cloudwatch/metricAlarm:MetricAlarm', 'infrastructure-pipeline');
    expect(alarms.map((a) => a.inputs.metricName).sort()).to.deep.equal([
      'ApproximateNumberOfMessagesVisible',
      'Errors',
    ]);
  });

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

  it('keys the API cache on cursor and limit only: a made-up parameter is no cache miss', () => {
    const policy = named('aws:cloudfront/cachePolicy:CachePolicy', 'infrastructure-cdn-api-cache');
    const parameters = policy.inputs.parametersInCacheKeyAndForwardedToOrigin as {
      queryStringsConfig: { queryStringBehavior: string; queryStrings: { items: string[] } };
    };
    expect(parameters.queryStringsConfig).to.deep.equal({
      queryStringBehavior: 'whitelist',
      queryStrings: { items: ['cursor', 'limit'] },
    });
  });

  it('lets the scraper and the resize function write only their own partitions of the table', () => {
    const table = named('aws:dynamodb/table:Table', 'infrastructure-storage-table').state.arn;
    const grantsOf = (policy: string) =>
      Object.fromEntries(
        json(named('aws:iam/rolePolicy:RolePolicy', policy).inputs.policy).Statement.map(
          (s: { Sid: string }) => [s.Sid, s],
        ),
      );
    // A compromised scraper cannot rewrite a public profile or an image record.
    expect(grantsOf('infrastructure-scraper-task-policy').SourcesAndReports).to.deep.equal({
      Sid: 'SourcesAndReports',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: table,
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SOURCES#*', 'RUN#*'] } },
    });
    // Nor read, list or overwrite an original: one conditional write stores each.
    const scraperGrants = grantsOf('infrastructure-scraper-task-policy');
    const raw = named('aws:s3/bucket:Bucket', 'infrastructure-storage-raw').state.arn;
    expect(scraperGrants.StoreOriginals).to.deep.equal({
      Sid: 'StoreOriginals',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: `${raw}/originals/*`,
      Condition: { Null: { 's3:if-none-match': 'false' } },
    });
    const s3Actions = (Object.values(scraperGrants) as { Action: string | string[] }[])
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => action.startsWith('s3:'));
    expect(s3Actions).to.deep.equal(['s3:PutObject']);
    const resize = grantsOf('infrastructure-cdn-resize-policy');
    expect(resize.ReadRecords.Action).to.deep.equal(['dynamodb:GetItem']);
    expect(resize.Leases).to.deep.include({
      Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      Resource: table,
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LEASES#*'] } },
    });
    // And no statement of either writes anywhere else in the table.
    for (const grants of [grantsOf('infrastructure-scraper-task-policy'), resize]) {
      for (const statement of Object.values(grants) as {
        Action: string[];
        Condition?: unknown;
      }[]) {
        const writes = [statement.Action]
          .flat()
          .some((a) => /^dynamodb:(Put|Delete|Update|BatchWrite)/.test(a));
        if (writes) expect(statement.Condition).to.not.equal(undefined);
      }
    }
  });

  it('gives the Plan and Summarize steps read-only access to the table', () => {
    for (const step of ['plan-ingest', 'summarize-ingest']) {
      const statements = json(
        named('aws:iam/rolePolicy:RolePolicy', `infrastructure-${step}-policy`).inputs.policy,
      ).Statement as { Action: string | string[] }[];
      const dynamo = statements
        .flatMap((statement) => [statement.Action].flat())
        .filter((action) => action.startsWith('dynamodb:'));
      expect(dynamo.sort(), step).to.deep.equal(['dynamodb:GetItem', 'dynamodb:Query']);
    }
  });

  it('runs the reconcile step with a role that can do what it does and no more', () => {
    const raw = named('aws:s3/bucket:Bucket', 'infrastructure-storage-raw');
    const optimized = named('aws:s3/bucket:Bucket', 'infrastructure-storage-optimized');
    const queue = named('aws:sqs/queue:Queue', 'infrastructure-pipeline-queue');
    const reconcile = named('aws:lambda/function:Function', 'infrastructure-reconcile');
    const environment = reconcile.inputs.environment as { variables: Record<string, string> };
    expect(environment.variables.OPTIMIZER_QUEUE_URL).to.equal(queue.state.url);
    const grants = Object.fromEntries(
      json(
        named('aws:iam/rolePolicy:RolePolicy', 'infrastructure-reconcile-policy').inputs.policy,
      ).Statement.map((s: { Sid: string }) => [s.Sid, s]),
    );
    // What reconcile.ts does (list, read, remove a damaged original, forget its sources,
    // redrive), and no more: no writing of originals, variants or records.
    expect(Object.keys(grants).sort()).to.deep.equal([
      'CheckOriginals',
      'ListObjects',
      'Records',
      'Redrive',
      'WriteOwnLogs',
    ]);
    expect(grants.ListObjects.Resource).to.deep.equal([raw.state.arn, optimized.state.arn]);
    expect(grants.CheckOriginals).to.deep.include({
      Action: ['s3:GetObject', 's3:DeleteObject'],
      Resource: `${raw.state.arn}/originals/*`,
    });
    expect(grants.Records).to.deep.include({
      Action: ['dynamodb:Query', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
      Resource: named('aws:dynamodb/table:Table', 'infrastructure-storage-table').state.arn,
    });
    expect(grants.Redrive).to.deep.include({
      Action: ['sqs:SendMessage'],
      Resource: queue.state.arn,
    });
    // The state machine calls it after the scrape steps, before the summary.
    const machine = named(
      'aws:sfn/stateMachine:StateMachine',
      'infrastructure-orchestrator-ingest',
    );
    const definition = json(machine.inputs.definition);
    expect(definition.States.ScrapeBatches.Next).to.equal('Reconcile');
    expect(definition.States.Reconcile.Parameters.FunctionName).to.equal(reconcile.state.arn);
    expect(definition.States.Reconcile.Next).to.equal('Summarize');
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

  it('rings alarms through a topic CloudWatch can publish to, and expires replaced versions', () => {
    const topic = named('aws:sns/topic:Topic', 'infrastructure-alarms');
    const key = named('aws:kms/key:Key', 'infrastructure-alarms-key');
    expect(topic.inputs.kmsMasterKeyId).to.equal(key.id);
    const keyPolicy = json(key.inputs.policy);
    expect(
      keyPolicy.Statement.find((s: { Sid: string }) => s.Sid === 'CloudWatchPublishes').Principal,
    ).to.deep.equal({ Service: 'cloudwatch.amazonaws.com' });
    const lifecycles = ofType(
      'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
      'infrastructure-storage',
    );
    expect(lifecycles.map((l) => l.inputs.bucket).sort()).to.deep.equal([
      'portfolio-prod-optimized-mock',
      'portfolio-prod-raw-mock',
    ]);
    for (const lifecycle of lifecycles) {
      expect((lifecycle.inputs.rules as { noncurrentVersionExpiration: unknown }[])[0])
        .to.have.property('noncurrentVersionExpiration')
        .that.deep.equals({ noncurrentDays: 1 });
    }
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

  it("builds the scraper's image with awsx and runs the real task definition on the real cluster", () => {
    const image = named('awsx:ecr:Image', 'infrastructure-scraper-image');
    const repository = named('aws:ecr/repository:Repository', 'infrastructure-scraper-repository');
    expect(image.inputs).to.deep.include({
      context: '.',
      dockerfile: 'scraper/Dockerfile',
      platform: 'linux/amd64',
      repositoryUrl: repository.state.repositoryUrl,
    });
    const task = named('aws:ecs/taskDefinition:TaskDefinition', 'infrastructure-scraper-task');
    expect(task.inputs).to.deep.include({ cpu: '2048', memory: '4096', networkMode: 'awsvpc' });
    const [container] = json(task.inputs.containerDefinitions);
    expect(container.name).to.equal('scraper');
    expect(container.image).to.match(/@sha256:/);
    expect(container.environment).to.deep.include({
      name: 'RAW_BUCKET',
      value: 'portfolio-prod-raw-mock',
    });
    // The Graph API token reaches the container from SSM, never through config or environment.
    expect(container.secrets).to.deep.equal([
      {
        name: 'INSTAGRAM_GRAPH_TOKEN',
        valueFrom: `arn:aws:ssm:eu-central-1:${MOCK_ACCOUNT}:parameter/portfolio/instagram-graph-token`,
      },
    ]);
    expect(JSON.stringify(container.environment)).not.to.include('TOKEN');
    const vpc = named('awsx:ec2:Vpc', 'infrastructure-scraper-vpc');
    expect(vpc.inputs.natGateways).to.deep.equal({ strategy: 'None' });

    const cluster = named('aws:ecs/cluster:Cluster', 'infrastructure-scraper-cluster');
    const machine = named(
      'aws:sfn/stateMachine:StateMachine',
      'infrastructure-orchestrator-ingest',
    );
    const text = machine.inputs.definition as string;
    expect(text).to.include(task.state.arn as string);
    expect(text).to.include(cluster.state.arn as string);
    expect(text).to.include('subnet-0a');
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

  it('names every resource after the account component it belongs to', () => {
    const topLevel = recorded.filter((r) => !r.type.startsWith('pulumi:'));
    for (const resource of topLevel) {
      expect(resource.name, resource.type).to.match(/^(infrastructure|log-archive)(-|$)/);
    }
    expect(topLevel.length).to.be.above(60);
  });
});
