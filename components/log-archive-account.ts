// The log archive account: an immutable backup of the originals and the optimized images,
// replicated from the infrastructure account into another region. Nobody, in either account,
// can delete from it before its retention ends, nor make it unreadable: it is encrypted by S3
// (SSE-S3), so there is no key anyone could disable or schedule for deletion, and its policy
// cannot be changed (only the archive account's root user can remove a bucket policy: the
// break-glass). A takedown's deletions arrive as delete markers, and every version a delete
// marker hides expires after the retention: no copy is left after the stated time.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { AccountComponent } from './account-provider.ts';
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

export class LogArchiveAccount extends AccountComponent {
  /** The backup bucket. */
  public readonly bucket: aws.s3.Bucket;

  /** @throws {Error} without `opts.provider`: every resource here must land in the log archive account. */
  constructor(
    name: string,
    args: LogArchiveAccountArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super(
      'portfolio:accounts:LogArchiveAccount',
      name,
      'the log archive account, reached by assuming a role',
      opts,
    );
    const parent = { parent: this };
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
            // S3's own keys: no customer key whose disabling would make every copy unreadable.
            applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' },
          },
        ],
      },
      parent,
    );
    // Versions hidden by a delete marker (a takedown, replicated) expire after the retention;
    // Object Lock keeps each for its own retention whatever the rule says. Made before the
    // policy that forbids changing it.
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
      `${name}-backup-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: 'expire-taken-down',
            status: 'Enabled',
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: args.retentionDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
          {
            id: 'remove-lone-delete-markers',
            status: 'Enabled',
            filter: {},
            expiration: { expiredObjectDeleteMarker: true },
          },
        ],
      },
      { ...parent, dependsOn: [lock] },
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
                's3:PutBucketPolicy',
                's3:DeleteBucketPolicy',
                's3:PutEncryptionConfiguration',
              ],
              Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
            },
            {
              Sid: 'ReplicationWrites',
              Effect: 'Allow',
              Principal: { AWS: args.replicationRoleArn },
              // ReplicateDelete writes delete markers only: locked versions stay.
              Action: [
                's3:ReplicateObject',
                's3:ReplicateDelete',
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
      // The policy denies changing the lock and the lifecycle: they come first.
      { ...parent, dependsOn: [lock, lifecycle] },
    );

    this.registerOutputs({ backupBucket: bucket.bucket });
  }
}
