// The scraper: its container image (built from scraper/Dockerfile by awsx and pushed to a
// private repository), the ECS cluster and Fargate task it runs as, a task role that can only
// store originals and their source records, its logs, and where it runs on the network.
import * as aws from '@pulumi/aws';
import * as awsx from '@pulumi/awsx';
import * as pulumi from '@pulumi/pulumi';
import { RAW_PREFIX } from '../core/images/object-keys.ts';
import { SCRAPER_CONTAINER } from '../core/ingest/ingest-state-machine.ts';
import { SCRAPER_PARTITIONS } from '../core/store/table-schema.ts';
import { objectAccess, partitionAccess, trustPolicy } from './iam.ts';

export interface ScraperArgs {
  rawBucket: aws.s3.Bucket;
  table: aws.dynamodb.Table;
  environment: Record<string, pulumi.Input<string>>;
  /** Fargate CPU units and memory (MiB) of one task. */
  cpu: number;
  memoryMb: number;
  logRetentionDays: number;
  /** Existing subnets and security groups; when absent, a new VPC with public subnets. */
  network?: { subnetIds: string[]; securityGroupIds: string[] };
  /** The Graph API path: the account id, and the SSM SecureString parameter with the token. */
  instagramGraph?: { userId: string; tokenParameter: string };
}

export class Scraper extends pulumi.ComponentResource {
  public readonly cluster: aws.ecs.Cluster;
  public readonly taskDefinition: aws.ecs.TaskDefinition;
  public readonly taskRole: aws.iam.Role;
  public readonly executionRole: aws.iam.Role;
  public readonly subnetIds: pulumi.Output<string[]>;
  public readonly securityGroupIds: pulumi.Output<string[]>;
  /** Tasks need a public IP to reach the web when they run in the new VPC's public subnets. */
  public readonly assignPublicIp: boolean;
  public readonly imageUri: pulumi.Output<string>;

  constructor(name: string, args: ScraperArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('portfolio:scraper:Scraper', name, {}, opts);
    const parent = { parent: this };

    const repository = new aws.ecr.Repository(
      `${name}-repository`,
      {
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: 'AES256' }],
      },
      parent,
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-repository-lifecycle`,
      {
        repository: repository.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: 'Keep the ten newest images',
              selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 10 },
              action: { type: 'expire' },
            },
          ],
        }),
      },
      parent,
    );
    // awsx builds the image from the repository root (the Dockerfile copies core/ and scraper/).
    const image = new awsx.ecr.Image(
      `${name}-image`,
      {
        repositoryUrl: repository.repositoryUrl,
        context: '.',
        dockerfile: 'scraper/Dockerfile',
        platform: 'linux/amd64',
      },
      parent,
    );
    this.imageUri = image.imageUri;

    this.cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      { settings: [{ name: 'containerInsights', value: 'enabled' }] },
      parent,
    );
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { retentionInDays: args.logRetentionDays },
      parent,
    );

    const region = aws.getRegionOutput({}, parent);
    const account = aws.getCallerIdentityOutput({}, parent);
    // ECS assumes both roles for this account's tasks only.
    const ecsTrust = trustPolicy('ecs-tasks.amazonaws.com', {
      sourceAccount: account.accountId,
      sourceArns: [pulumi.interpolate`arn:aws:ecs:${region.region}:${account.accountId}:*`],
    });
    this.executionRole = new aws.iam.Role(
      `${name}-execution-role`,
      { assumeRolePolicy: ecsTrust },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-execution-policy`,
      {
        role: this.executionRole.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            // The one ECR action that has no resource: it returns a registry login.
            { Sid: 'Login', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
            {
              Sid: 'PullImage',
              Effect: 'Allow',
              Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
              Resource: repository.arn,
            },
            {
              Sid: 'WriteLogs',
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: pulumi.interpolate`${logGroup.arn}:*`,
            },
          ],
        }),
      },
      parent,
    );
    this.taskRole = new aws.iam.Role(`${name}-task-role`, { assumeRolePolicy: ecsTrust }, parent);
    new aws.iam.RolePolicy(
      `${name}-task-policy`,
      {
        role: this.taskRole.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            // Store an original once, by a conditional PutObject (If-None-Match: *): no read
            // or listing of the bucket, and no overwrite of what is stored.
            {
              ...objectAccess('StoreOriginals', args.rawBucket, RAW_PREFIX, ['PutObject']),
              // Only with the header (S3's enforcement of conditional writes): a compromised
              // task cannot replace an original's bytes.
              Condition: { Null: { 's3:if-none-match': 'false' } },
            },
            // Source records (a URL seen before is not downloaded again, which images a source
            // holds) and run reports, in partitions of their own: never a public profile or an
            // image record.
            partitionAccess(
              'SourcesAndReports',
              args.table,
              ['GetItem', 'PutItem', 'UpdateItem'],
              SCRAPER_PARTITIONS,
            ),
          ],
        }),
      },
      parent,
    );

    const graph = args.instagramGraph;
    const tokenParameterArn = graph
      ? pulumi.interpolate`arn:aws:ssm:${region.region}:${account.accountId}:parameter${graph.tokenParameter}`
      : undefined;
    if (tokenParameterArn) {
      // ECS reads the token into the container at start; it is never in config or the task definition.
      new aws.iam.RolePolicy(
        `${name}-execution-secrets`,
        {
          role: this.executionRole.id,
          policy: pulumi.jsonStringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ReadInstagramToken',
                Effect: 'Allow',
                Action: 'ssm:GetParameters',
                Resource: tokenParameterArn,
              },
            ],
          }),
        },
        parent,
      );
    }
    this.taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task`,
      {
        family: `${name}-scraper`,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: String(args.cpu),
        memory: String(args.memoryMb),
        runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
        executionRoleArn: this.executionRole.arn,
        taskRoleArn: this.taskRole.arn,
        containerDefinitions: pulumi.jsonStringify([
          {
            name: SCRAPER_CONTAINER,
            image: image.imageUri,
            essential: true,
            environment: Object.entries({
              ...args.environment,
              ...(graph && { INSTAGRAM_GRAPH_USER_ID: graph.userId }),
            }).map(([key, value]) => ({ name: key, value })),
            ...(tokenParameterArn && {
              secrets: [{ name: 'INSTAGRAM_GRAPH_TOKEN', valueFrom: tokenParameterArn }],
            }),
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': logGroup.name,
                'awslogs-region': region.region,
                'awslogs-stream-prefix': 'scraper',
              },
            },
            // An init process reaps the Chromium helpers a crashed page leaves behind.
            linuxParameters: { initProcessEnabled: true },
          },
        ]),
      },
      parent,
    );

    if (args.network) {
      this.subnetIds = pulumi.output(args.network.subnetIds);
      this.securityGroupIds = pulumi.output(args.network.securityGroupIds);
      this.assignPublicIp = false;
    } else {
      // Public subnets and no NAT gateway: the tasks only talk out, over HTTP(S).
      const vpc = new awsx.ec2.Vpc(
        `${name}-vpc`,
        {
          numberOfAvailabilityZones: 2,
          natGateways: { strategy: 'None' },
          subnetStrategy: 'Auto',
          subnetSpecs: [{ type: 'Public', cidrMask: 22 }],
          enableDnsHostnames: true,
        },
        parent,
      );
      const group = new aws.ec2.SecurityGroup(
        `${name}-egress`,
        {
          vpcId: vpc.vpcId,
          description: 'Scraper tasks: no inbound, outbound HTTP(S) only',
          egress: [
            { protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
            { protocol: 'tcp', fromPort: 80, toPort: 80, cidrBlocks: ['0.0.0.0/0'] },
          ],
        },
        parent,
      );
      this.subnetIds = vpc.publicSubnetIds;
      this.securityGroupIds = pulumi.output([group.id]);
      this.assignPublicIp = true;
    }

    this.registerOutputs({
      clusterArn: this.cluster.arn,
      taskDefinitionArn: this.taskDefinition.arn,
      imageUri: this.imageUri,
    });
  }
}
