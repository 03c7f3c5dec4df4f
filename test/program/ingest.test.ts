// The program's ingest side under mocks: the scraper's image and task, the raw bucket's
// notifications through the queue to the optimizer, the steps' roles and the alarms.
import { expect } from 'chai';
import { json, runProgram } from '../support/program-run.ts';
import { MOCK_ACCOUNT, named, ofType } from '../support/pulumi-mocks.ts';

describe("The Pulumi program's ingest side (under mocks): scraper, pipeline and the steps' roles", function () {
  // The first run in a process bundles the functions (sharp for linux-x64 from npm's cache).
  this.timeout(180_000);
  before(() => runProgram());

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
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
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
    // The optimizer keeps the directory's index items, and deletes only there.
    expect(grantsOf('infrastructure-pipeline-optimizer-policy').Directory).to.deep.equal({
      Sid: 'Directory',
      Effect: 'Allow',
      Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      Resource: table,
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DIRECTORY#*'] } },
    });
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
    const distribution = named(
      'aws:cloudfront/distribution:Distribution',
      'infrastructure-cdn-distribution',
    );
    expect(environment.variables.DISTRIBUTION_ID).to.equal(distribution.id);
    const grants = Object.fromEntries(
      json(
        named('aws:iam/rolePolicy:RolePolicy', 'infrastructure-reconcile-policy').inputs.policy,
      ).Statement.map((s: { Sid: string }) => [s.Sid, s]),
    );
    // What reconcile.ts does (list, read, remove a damaged original, forget its sources,
    // redrive, take images off the site), and no more: no writing of originals or variants,
    // no new record.
    expect(Object.keys(grants).sort()).to.deep.equal([
      'ChangeRecords',
      'CheckOriginals',
      'Directory',
      'ForgetAtEdge',
      'ListObjects',
      'Records',
      'Redrive',
      'RemoveVariants',
      'WriteOwnLogs',
    ]);
    expect(grants.ListObjects.Resource).to.deep.equal([raw.state.arn, optimized.state.arn]);
    expect(grants.CheckOriginals).to.deep.include({
      Action: ['s3:GetObject', 's3:DeleteObject'],
      Resource: `${raw.state.arn}/originals/*`,
    });
    const table = named('aws:dynamodb/table:Table', 'infrastructure-storage-table').state.arn;
    expect(grants.Records).to.deep.include({
      Action: ['dynamodb:Query', 'dynamodb:GetItem'],
      Resource: [table, `${table}/index/gsi1`],
    });
    // Changes only in the partitions it keeps: never a run report or a lease.
    expect(grants.ChangeRecords).to.deep.include({
      Action: ['dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
      Resource: table,
      Condition: {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': ['ARTIST#*', 'SOURCES#*', 'DIRECTORY#*'],
        },
      },
    });
    expect(grants.RemoveVariants).to.deep.include({
      Action: ['s3:DeleteObject'],
      Resource: `${optimized.state.arn}/img/*`,
    });
    // Invalidations of this distribution only.
    expect(grants.ForgetAtEdge).to.deep.include({
      Action: ['cloudfront:CreateInvalidation'],
      Resource: distribution.state.arn,
    });
    expect(grants.Directory).to.deep.include({
      Action: ['dynamodb:PutItem'],
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DIRECTORY#*'] },
      },
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
});
