// Backup: S3 replication of the raw and optimized buckets into the log archive account's
// bucket (another account, another region), encrypted there by S3 itself (SSE-S3). Deletes
// arrive as delete markers, which hide a version and delete nothing: the backup keeps its
// copies until their Object Lock retention ends, and its lifecycle expires them after that.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { trustPolicy } from './iam.ts';
import type { StoredBucket } from './storage.ts';

export interface ReplicationRoleArgs {
  namePrefix: string;
  /** The buckets S3 may replicate with this role, by their role name. */
  sources: Record<string, StoredBucket>;
}

/** The log archive account's bucket and key, and that account's id. */
export interface BackupDestination {
  accountId: pulumi.Input<string>;
  bucketArn: pulumi.Input<string>;
}

export const replicationRoleName = (namePrefix: string) => `${namePrefix}-replication`;

/**
 * The role S3 replication assumes. Made first, on its own, because the two accounts refer to
 * each other: the log archive account grants this role by its ARN (which orders the grants
 * after the role), and the replication (BackupReplication) points at the archive's bucket.
 */
export class ReplicationRole extends pulumi.ComponentResource {
  public readonly role: aws.iam.Role;

  constructor(name: string, args: ReplicationRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('portfolio:backup:ReplicationRole', name, {}, opts);
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
}

export interface BackupReplicationArgs {
  /** The role S3 assumes (ReplicationRole), which this gives its permissions. */
  role: aws.iam.Role;
  /** The buckets replicated, by their role name. */
  sources: Record<string, StoredBucket>;
  destination: BackupDestination;
}

/** Replicates every source bucket into the destination, with the role's permissions to do so. */
export class BackupReplication extends pulumi.ComponentResource {
  constructor(
    name: string,
    args: BackupReplicationArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super('portfolio:backup:BackupReplication', name, {}, opts);
    const parent = { parent: this };
    const { destination } = args;
    const sources = Object.values(args.sources).map((source) => source.bucket);
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: args.role.id,
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

    for (const [role, source] of Object.entries(args.sources)) {
      new aws.s3.BucketReplicationConfig(
        `${name}-${role}`,
        {
          bucket: source.bucket.id,
          role: args.role.arn,
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
    this.registerOutputs({});
  }
}
