// Storage of the infrastructure account: the raw, optimized and site buckets (private,
// encrypted, TLS only) and the table, all from the shared definitions the runtime uses too.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { BucketRole } from '../functions/lib/buckets.ts';
import { VARIANT_PREFIX } from '../functions/lib/object-keys.ts';
import { createTableInput, TABLE } from '../functions/lib/table-schema.ts';
import { denyInsecureTransport, makePrivate } from './private-bucket.ts';

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
  /** The table of artists, images, leases and run reports. */
  public readonly table: aws.dynamodb.Table;
  private readonly componentName: string;

  constructor(name: string, args: StorageArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('portfolio:storage:Storage', name, {}, opts);
    this.componentName = name;
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
    // The raw bucket is never served; the others get their policy with the distribution.
    this.bucketPolicy('raw', []);

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

  /**
   * Lets one CloudFront distribution (through its Origin Access Control) read the site and the
   * optimized images, and nothing else: the bucket policies of the served buckets.
   */
  allowDistribution(distributionArn: pulumi.Input<string>): void {
    this.bucketPolicy('site', [{ prefix: '', distributionArn }]);
    this.bucketPolicy('optimized', [{ prefix: VARIANT_PREFIX, distributionArn }]);
  }

  /** The one policy of a bucket: TLS only, plus read grants to distributions. */
  private bucketPolicy(
    role: BucketRole,
    readers: { prefix: string; distributionArn: pulumi.Input<string> }[],
  ): aws.s3.BucketPolicy {
    const { bucket } = this.buckets[role];
    return new aws.s3.BucketPolicy(
      `${this.componentName}-${role}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            // Requests without TLS are refused, whoever makes them.
            denyInsecureTransport(bucket),
            ...readers.map((reader) => ({
              Sid: 'CloudFrontReads',
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Action: 's3:GetObject',
              Resource: pulumi.interpolate`${bucket.arn}/${reader.prefix}*`,
              Condition: { StringEquals: { 'AWS:SourceArn': reader.distributionArn } },
            })),
          ],
        }),
      },
      { parent: this },
    );
  }
}
