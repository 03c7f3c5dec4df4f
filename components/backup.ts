// Backup: S3 replication of the raw and optimized buckets into the log archive account's
// bucket (another account, another region), encrypted there by S3 itself (SSE-S3). Deletes
// arrive as delete markers, which hide a version and delete nothing: the backup keeps its
// copies until their Object Lock retention ends, and its lifecycle expires them after that.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { trustPolicy } from './iam.ts';
import type { StoredBucket } from './storage.ts';

export interface BackupArgs {
  namePrefix: string;
  sources: Record<string, StoredBucket>;
}

/** The log archive account's bucket and key, and that account's id. */
export interface BackupDestination {
  accountId: pulumi.Input<string>;
  bucketArn: pulumi.Input<string>;
}

export const replicationRoleName = (namePrefix: string) => `${namePrefix}-replication`;

/**
 * Made in two steps because the two accounts refer to each other: the role first (the log
 * archive account grants it by its ARN, which then orders the grants after the role), then,
 * with `replicateTo`, the role's permissions and the rules pointing at the archive bucket.
 */
export class Backup extends pulumi.ComponentResource {
  public readonly role: aws.iam.Role;
  private readonly componentName: string;
  private readonly sources: Record<string, StoredBucket>;

  constructor(name: string, args: BackupArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('portfolio:backup:Backup', name, {}, opts);
    this.componentName = name;
    this.sources = args.sources;
    this.role = new aws.iam.Role(
      `${name}-replication-role`,
      {
        name: replicationRoleName(args.namePrefix),
        // S3 assumes it to replicate this account's source buckets, and only those.
        assumeRolePolicy: trustPolicy('s3.amazonaws.com', {
          sourceAccount: aws.getCallerIdentityOutput({}, { parent: this }).accountId,
          sourceArns: Object.values(args.sources).map((source) => source.bucket.arn),
        }),
      },
      { parent: this },
    );
    this.registerOutputs({ replicationRoleArn: this.role.arn });
  }

  /** Replicates every source bucket into `destination`. */
  replicateTo(destination: BackupDestination): void {
    const name = this.componentName;
    const parent = { parent: this };
    const sources = Object.values(this.sources).map((source) => source.bucket);
    const policy = new aws.iam.RolePolicy(
      `${name}-replication-policy`,
      {
        role: this.role.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ReadSourceConfiguration',
              Effect: 'Allow',
              Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
              Resource: sources.map((bucket) => bucket.arn),
            },
            {
              Sid: 'ReadSourceVersions',
              Effect: 'Allow',
              Action: [
                's3:GetObjectVersionForReplication',
                's3:GetObjectVersionAcl',
                's3:GetObjectVersionTagging',
              ],
              Resource: sources.map((bucket) => pulumi.interpolate`${bucket.arn}/*`),
            },
            {
              Sid: 'WriteReplicas',
              Effect: 'Allow',
              Action: [
                's3:ReplicateObject',
                's3:ReplicateDelete',
                's3:ReplicateTags',
                's3:ObjectOwnerOverrideToBucketOwner',
              ],
              Resource: pulumi.interpolate`${destination.bucketArn}/*`,
            },
          ],
        }),
      },
      parent,
    );

    for (const [role, source] of Object.entries(this.sources)) {
      new aws.s3.BucketReplicationConfig(
        `${name}-${role}-replication`,
        {
          bucket: source.bucket.id,
          role: this.role.arn,
          rules: [
            {
              id: 'backup',
              status: 'Enabled',
              priority: 1,
              filter: {},
              // A takedown's deletions become delete markers there, so its lifecycle can expire
              // the hidden versions once their retention ends.
              deleteMarkerReplication: { status: 'Enabled' },
              destination: {
                bucket: destination.bucketArn,
                account: destination.accountId,
                accessControlTranslation: { owner: 'Destination' },
                storageClass: 'STANDARD_IA',
              },
            },
          ],
        },
        // Replication needs versioning on the source, and the role's permissions, first.
        { ...parent, dependsOn: [policy, ...(source.versioning ? [source.versioning] : [])] },
      );
    }
  }
}
