// Storage of the infrastructure account: the raw, optimized and site buckets (private,
// encrypted; the raw one's policy TLS-only here, the served ones' with the distribution that
// reads them, in Distribution) and the table, all from the shared definitions the runtime uses too.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { BucketRole } from '../core/store/buckets.ts';
import { createTableInput, TABLE } from '../core/store/table-schema.ts';
import { bucketPolicy, makePrivate } from './private-bucket.ts';

export interface StorageArgs {
  /** Prefix of every physical name, e.g. `portfolio-prod`. */
  namePrefix: string;
  /** Keep the table from being deleted by accident (prod: true). */
  deletionProtection: boolean;
}

export interface StoredBucket {
  bucket: aws.s3.Bucket;
  versioning?: aws.s3.BucketVersioning;
}

/** Buckets that replicate to the backup account, which needs versioning on the source. */
const REPLICATED: readonly BucketRole[] = ['raw', 'optimized'];

export class Storage extends pulumi.ComponentResource {
  /** Each bucket by its role. */
  public readonly buckets: Record<BucketRole, StoredBucket>;
  /** The buckets that replicate to the backup account (versioned), by role. */
  public readonly replicated: Record<string, StoredBucket>;
  /** The table of artists, images, leases and run reports. */
  public readonly table: aws.dynamodb.Table;

  constructor(name: string, args: StorageArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('portfolio:storage:Storage', name, {}, opts);
    const parent = { parent: this };

    const make = (role: BucketRole): StoredBucket => {
      const bucket = new aws.s3.Bucket(
        `${name}-${role}`,
        { bucketPrefix: `${args.namePrefix}-${role}-`, forceDestroy: false },
        parent,
      );
      makePrivate(`${name}-${role}`, bucket, parent);
      new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-${role}-encryption`,
        {
          bucket: bucket.id,
          rules: [
            {
              applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' },
              bucketKeyEnabled: true,
            },
          ],
        },
        parent,
      );
      const versioning = REPLICATED.includes(role)
        ? new aws.s3.BucketVersioning(
            `${name}-${role}-versioning`,
            {
              bucket: bucket.id,
              versioningConfiguration: { status: 'Enabled' },
            },
            parent,
          )
        : undefined;
      if (versioning) {
        // Versions exist for replication only: a deleted or replaced object's old version
        // leaves the live bucket a day later (the backup keeps its own copy), so a takedown
        // really takes the images down.
        new aws.s3.BucketLifecycleConfiguration(
          `${name}-${role}-lifecycle`,
          {
            bucket: bucket.id,
            rules: [
              {
                id: 'expire-old-versions',
                status: 'Enabled',
                filter: {},
                noncurrentVersionExpiration: { noncurrentDays: 1 },
                expiration: { expiredObjectDeleteMarker: true },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
              },
            ],
          },
          { ...parent, dependsOn: [versioning] },
        );
      }
      return { bucket, ...(versioning && { versioning }) };
    };
    this.buckets = {
      raw: make('raw'),
      optimized: make('optimized'),
      site: make('site'),
    };
    this.replicated = Object.fromEntries(REPLICATED.map((role) => [role, this.buckets[role]]));
    // The raw bucket is never served: TLS only, no reader. The served buckets get their one
    // policy from the distribution that reads them (Distribution), TLS-only as well.
    bucketPolicy(`${name}-raw-policy`, this.buckets.raw.bucket, [], parent);

    const schema = createTableInput('unused');
    this.table = new aws.dynamodb.Table(
      `${name}-table`,
      {
        name: `${args.namePrefix}-${TABLE.localName}`,
        billingMode: 'PAY_PER_REQUEST',
        hashKey: TABLE.partitionKey,
        rangeKey: TABLE.sortKey,
        attributes: (schema.AttributeDefinitions ?? []).map((a) => ({
          name: a.AttributeName ?? '',
          type: a.AttributeType ?? 'S',
        })),
        globalSecondaryIndexes: (schema.GlobalSecondaryIndexes ?? []).map((index) => ({
          name: index.IndexName ?? '',
          hashKey: index.KeySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName ?? '',
          rangeKey: index.KeySchema?.find((k) => k.KeyType === 'RANGE')?.AttributeName ?? '',
          projectionType: index.Projection?.ProjectionType ?? 'ALL',
        })),
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: args.deletionProtection,
        serverSideEncryption: { enabled: true },
      },
      parent,
    );

    this.registerOutputs({
      rawBucket: this.buckets.raw.bucket.bucket,
      optimizedBucket: this.buckets.optimized.bucket.bucket,
      siteBucket: this.buckets.site.bucket.bucket,
      tableName: this.table.name,
    });
  }
}
