// The log archive account: an immutable backup of the originals and the optimized images,
// replicated from the infrastructure account into another region. Nobody, in either account,
// can delete from it before its retention ends.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { accountKey } from './monitoring.ts';
import { denyInsecureTransport, makePrivate } from './private-bucket.ts';

export interface LogArchiveAccountArgs {
  namePrefix: string;
  /** Object Lock retention, in days (compliance mode: not even the root user can shorten it). */
  retentionDays: number;
  /** The infrastructure account, whose replication role writes here. */
  sourceAccountId: pulumi.Input<string>;
  /** The role S3 replication assumes in the infrastructure account. */
  replicationRoleArn: pulumi.Input<string>;
}

export class LogArchiveAccount extends pulumi.ComponentResource {
  /** The backup bucket. */
  public readonly bucket: aws.s3.Bucket;
  /** The key that encrypts it; the replication role may encrypt with it. */
  public readonly key: aws.kms.Key;

  /** @throws {Error} without `opts.provider`: every resource here must land in the log archive account. */
  constructor(
    name: string,
    args: LogArchiveAccountArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    if (!opts.provider) {
      throw new Error(
        'LogArchiveAccount needs opts.provider (the log archive account, reached by assuming a role): ' +
          'without it its resources would land in the default account',
      );
    }
    super('portfolio:accounts:LogArchiveAccount', name, {}, opts);
    const parent = { parent: this };
    this.key = accountKey(
      `${name}-key`,
      'Encrypts the portfolio backup bucket',
      [
        {
          // Replicated objects are encrypted with this key as they are written.
          Sid: 'ReplicationEncrypts',
          Effect: 'Allow',
          Principal: { AWS: args.replicationRoleArn },
          Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: '*',
        },
      ],
      parent,
    );

    this.bucket = new aws.s3.Bucket(
      `${name}-backup`,
      {
        bucketPrefix: `${args.namePrefix}-backup-`,
        objectLockEnabled: true,
      },
      parent,
    );
    const bucket = this.bucket;
    // Private, and replicas belong to this account whoever wrote them (BucketOwnerEnforced).
    makePrivate(`${name}-backup`, bucket, parent);
    new aws.s3.BucketVersioning(
      `${name}-backup-versioning`,
      {
        bucket: bucket.id,
        versioningConfiguration: { status: 'Enabled' },
      },
      parent,
    );
    const lock = new aws.s3.BucketObjectLockConfiguration(
      `${name}-backup-lock`,
      {
        bucket: bucket.id,
        rule: { defaultRetention: { mode: 'COMPLIANCE', days: args.retentionDays } },
      },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-backup-encryption`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: 'aws:kms',
              kmsMasterKeyId: this.key.arn,
            },
            bucketKeyEnabled: true,
          },
        ],
      },
      parent,
    );
    new aws.s3.BucketPolicy(
      `${name}-backup-policy`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            denyInsecureTransport(bucket),
            {
              Sid: 'DenyDeletes',
              Effect: 'Deny',
              Principal: '*',
              Action: [
                's3:DeleteObject',
                's3:DeleteObjectVersion',
                's3:DeleteBucket',
                's3:PutBucketObjectLockConfiguration',
                's3:PutLifecycleConfiguration',
              ],
              Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
            },
            {
              Sid: 'ReplicationWrites',
              Effect: 'Allow',
              Principal: { AWS: args.replicationRoleArn },
              Action: [
                's3:ReplicateObject',
                's3:ReplicateTags',
                's3:ObjectOwnerOverrideToBucketOwner',
              ],
              Resource: pulumi.interpolate`${bucket.arn}/*`,
            },
            {
              Sid: 'ReplicationReadsConfiguration',
              Effect: 'Allow',
              Principal: { AWS: args.replicationRoleArn },
              Action: ['s3:GetBucketVersioning', 's3:GetBucketObjectLockConfiguration', 's3:List*'],
              Resource: bucket.arn,
            },
          ],
        }),
      },
      // The policy denies changing the lock configuration: the lock comes first.
      { ...parent, dependsOn: [lock] },
    );

    this.registerOutputs({ backupBucket: bucket.bucket, backupKeyArn: this.key.arn });
  }
}
