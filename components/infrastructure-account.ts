// The infrastructure account: everything that runs the product. Storage, the scraper and the
// state machine that drives it, the image pipeline, the API, the site and the one CloudFront
// distribution in front of them, and replication of the originals and images to the backup.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { RAW_PREFIX, VARIANT_PREFIX } from '../core/images/object-keys.ts';
import { DEFAULT_INGEST_RETRY, SCRAPER_CONTAINER } from '../core/ingest/ingest-state-machine.ts';
import { BUCKETS } from '../core/store/buckets.ts';
import { DIRECTORY_PARTITIONS, RECONCILER_PARTITIONS, TABLE } from '../core/store/table-schema.ts';
import { accountKey } from './account-key.ts';
import { AccountComponent } from './account-provider.ts';
import { Api } from './api.ts';
import { ReplicationRole } from './backup.ts';
import { Distribution } from './distribution.ts';
import { EdgeFirewall } from './edge-firewall.ts';
import { bundleFunction, type FunctionBundle, type FunctionName } from './function-bundle.ts';
import { missingKeysAre404, objectAccess, partitionAccess, tableAccess } from './iam.ts';
import { ImagePipeline } from './image-pipeline.ts';
import { createNodeFunction } from './node-function.ts';
import { Orchestrator } from './orchestrator.ts';
import { Scraper } from './scraper.ts';
import { Site } from './site.ts';
import type { StackConfig } from './stack-config.ts';
import { Storage } from './storage.ts';

export interface InfrastructureAccountArgs {
  config: StackConfig;
  /** Builds a function's code; tests pass one that skips the sharp download. */
  bundle?: typeof bundleFunction;
}

export class InfrastructureAccount extends AccountComponent {
  public readonly storage: Storage;
  public readonly cdn: Distribution;
  public readonly api: Api;
  public readonly orchestrator: Orchestrator;
  public readonly scraper: Scraper;
  public readonly pipeline: ImagePipeline;
  /** The role S3 replication to the backup assumes (the replication itself: components/portfolio.ts). */
  public readonly replicationRole: ReplicationRole;
  public readonly firewall: EdgeFirewall;
  /** Every function bundle, with its size, for the deployment's report. */
  public readonly bundles: FunctionBundle[] = [];

  /** @throws {Error} without `opts.provider`: every resource here must land in this account. */
  constructor(
    name: string,
    args: InfrastructureAccountArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super(
      'portfolio:accounts:InfrastructureAccount',
      name,
      'the infrastructure account and its region',
      opts,
    );
    const parent = { parent: this };
    const config = args.config;
    const build = args.bundle ?? bundleFunction;
    const bundle = (fn: FunctionName, architecture = config.apiArchitecture) => {
      const made = build(fn, architecture);
      this.bundles.push(made);
      return made;
    };

    this.storage = new Storage(
      `${name}-storage`,
      { namePrefix: config.namePrefix, deletionProtection: config.deletionProtection },
      parent,
    );
    const { raw, optimized, site } = this.storage.buckets;
    const table = this.storage.table;
    /** What every function and the scraper learn about storage. */
    const environment = {
      [BUCKETS.raw.envVar]: raw.bucket.bucket,
      [BUCKETS.optimized.envVar]: optimized.bucket.bucket,
      [TABLE.envVar]: table.name,
    };

    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
    // The alarm topic is encrypted with a key of our own: CloudWatch cannot publish to a topic
    // under the AWS-managed SNS key, whose policy cannot grant it.
    const alarmKey = accountKey(
      `${name}-alarms-key`,
      'Encrypts the portfolio alarm topic',
      [
        {
          Sid: 'CloudWatchPublishes',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          // For this account's alarms only.
          Condition: {
            StringEquals: { 'aws:SourceAccount': accountId },
            ArnLike: {
              'aws:SourceArn': pulumi.interpolate`arn:aws:cloudwatch:*:${accountId}:alarm:*`,
            },
          },
        },
      ],
      parent,
    );
    const alarms = new aws.sns.Topic(`${name}-alarms`, { kmsMasterKeyId: alarmKey.id }, parent);
    if (config.alarmEmail) {
      new aws.sns.TopicSubscription(
        `${name}-alarms-email`,
        { topic: alarms.arn, protocol: 'email', endpoint: config.alarmEmail },
        parent,
      );
    }

    this.pipeline = new ImagePipeline(
      `${name}-pipeline`,
      {
        rawBucket: raw.bucket,
        optimizedBucket: optimized.bucket,
        table,
        bundle: bundle('process-image', config.sharpArchitecture),
        architecture: config.sharpArchitecture,
        memorySize: config.optimizerMemoryMb,
        environment,
        logRetentionDays: config.logRetentionDays,
        alarmTopicArn: alarms.arn,
      },
      parent,
    );

    this.scraper = new Scraper(
      `${name}-scraper`,
      {
        rawBucket: raw.bucket,
        table,
        environment,
        cpu: config.scraperCpu,
        memoryMb: config.scraperMemoryMb,
        logRetentionDays: config.logRetentionDays,
        ...(config.instagramGraphUserId && {
          instagramGraph: {
            userId: config.instagramGraphUserId,
            tokenParameter: config.instagramGraphTokenParameter,
          },
        }),
        ...(config.scraperSubnetIds.length > 0 && {
          network: {
            subnetIds: config.scraperSubnetIds,
            securityGroupIds: config.scraperSecurityGroupIds,
          },
        }),
      },
      parent,
    );

    // What CloudFront tells the API it is: only this distribution gets answers from it.
    const apiOriginSecret = new random.RandomPassword(
      `${name}-api-origin-secret`,
      { length: 48, special: false },
      parent,
    ).result;
    this.api = new Api(
      `${name}-api`,
      {
        table,
        bundle: bundle('artist-api'),
        architecture: config.apiArchitecture,
        environment,
        rateLimit: config.apiRateLimit,
        originSecret: apiOriginSecret,
        burstLimit: config.apiBurstLimit,
        logRetentionDays: config.logRetentionDays,
      },
      parent,
    );

    new Site(`${name}-site`, { siteBucket: site.bucket, buildDir: config.siteDir }, parent);

    // CloudFront takes its web ACL from us-east-1, whatever the stack's region.
    const edgeRegion = new aws.Provider(`${name}-us-east-1`, { region: 'us-east-1' }, parent);
    this.firewall = new EdgeFirewall(
      `${name}-firewall`,
      { rateLimits: { images: config.edgeImageRateLimit, api: config.edgeApiRateLimit } },
      { ...parent, provider: edgeRegion },
    );
    this.cdn = new Distribution(
      `${name}-cdn`,
      {
        optimizedBucket: optimized.bucket,
        siteBucket: site.bucket,
        rawBucket: raw.bucket,
        table,
        resize: {
          bundle: bundle('resize-image', config.sharpArchitecture),
          architecture: config.sharpArchitecture,
          memorySize: config.resizeMemoryMb,
          reservedConcurrency: config.resizeReservedConcurrency,
          alarmInvocations: config.resizeAlarmInvocations,
        },
        environment,
        apiEndpoint: this.api.endpoint,
        ...(config.domain && {
          domain: { name: config.domain, certificateArn: config.certificateArn },
        }),
        logRetentionDays: config.logRetentionDays,
        alarmTopicArn: alarms.arn,
        webAclArn: this.firewall.webAcl.arn,
        apiOriginSecret,
      },
      parent,
    );

    const step = (fn: 'plan-ingest' | 'summarize-ingest', actions: string[], timeout = 30) =>
      createNodeFunction(
        `${name}-${fn}`,
        {
          bundle: bundle(fn),
          architecture: config.apiArchitecture,
          memorySize: 256,
          timeout,
          environment,
          logRetentionDays: config.logRetentionDays,
          statements: [tableAccess('Table', table, actions)],
        },
        parent,
      );
    const plan = step('plan-ingest', ['Query', 'GetItem']);
    // Reads every image record of the run's artists (eight artists at a time).
    const summarize = step('summarize-ingest', ['Query', 'GetItem'], 120);
    // The reconciler lists originals, variants and records, reads an original to check its
    // hash, removes a damaged one with its source URLs and refusal, and redrives the rest
    // through the optimizer's own queue. It takes images their sources no longer show off the
    // site (their record, the cover, the directory's filters, their variants), and lets those
    // a source shows again come back.
    const reconcile = createNodeFunction(
      `${name}-reconcile`,
      {
        bundle: bundle('reconcile'),
        architecture: config.apiArchitecture,
        memorySize: 512,
        timeout: 300,
        environment: {
          ...environment,
          OPTIMIZER_QUEUE_URL: this.pipeline.queue.url,
          DISTRIBUTION_ID: this.cdn.distribution.id,
        },
        logRetentionDays: config.logRetentionDays,
        statements: [
          missingKeysAre404('ListObjects', [raw.bucket, optimized.bucket]),
          objectAccess('CheckOriginals', raw.bucket, RAW_PREFIX, ['GetObject', 'DeleteObject']),
          objectAccess('RemoveVariants', optimized.bucket, VARIANT_PREFIX, ['DeleteObject']),
          // Records, source URLs and holdings are read per artist; refusals, forgotten URLs
          // and returned images deleted; redrives counted; images taken off, covers withdrawn
          // (the index gives the next newest image).
          tableAccess('Records', table, ['Query', 'GetItem']),
          partitionAccess(
            'ChangeRecords',
            table,
            ['DeleteItem', 'UpdateItem'],
            RECONCILER_PARTITIONS,
          ),
          partitionAccess('Directory', table, ['PutItem'], DIRECTORY_PARTITIONS),
          {
            // After images were taken off: the edge drops the artist's cached variants.
            Sid: 'ForgetAtEdge',
            Effect: 'Allow',
            Action: ['cloudfront:CreateInvalidation'],
            Resource: this.cdn.distribution.arn,
          },
          {
            Sid: 'Redrive',
            Effect: 'Allow',
            Action: ['sqs:SendMessage'],
            Resource: this.pipeline.queue.arn,
          },
        ],
      },
      parent,
    );

    this.orchestrator = new Orchestrator(
      `${name}-orchestrator`,
      {
        planFunctionArn: plan.function.arn,
        reconcileFunctionArn: reconcile.function.arn,
        summarizeFunctionArn: summarize.function.arn,
        scraper: {
          clusterArn: this.scraper.cluster.arn,
          taskDefinitionArn: this.scraper.taskDefinition.arn,
          containerName: SCRAPER_CONTAINER,
          subnetIds: this.scraper.subnetIds,
          securityGroupIds: this.scraper.securityGroupIds,
          assignPublicIp: this.scraper.assignPublicIp,
          taskRoleArn: this.scraper.taskRole.arn,
          executionRoleArn: this.scraper.executionRole.arn,
        },
        batchSize: config.scraperBatchSize,
        maxConcurrency: config.scraperMaxConcurrency,
        retry: DEFAULT_INGEST_RETRY,
        schedule: config.schedule,
        scheduleTimezone: config.scheduleTimezone,
      },
      parent,
    );

    // The replication role exists first: the log archive account grants it by ARN, and the
    // replication points at the archive bucket (components/portfolio.ts makes it once that exists).
    this.replicationRole = new ReplicationRole(
      `${name}-backup`,
      { namePrefix: config.namePrefix, sources: this.storage.replicated },
      parent,
    );

    this.registerOutputs({
      siteUrl: this.cdn.siteUrl,
      stateMachineArn: this.orchestrator.stateMachine.arn,
    });
  }
}
