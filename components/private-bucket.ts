// What every bucket of the system has: no public access, objects owned by the bucket owner,
// and a policy statement refusing requests without TLS.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** Blocks every form of public access and ACLs on `bucket`; children are named `${name}-...`. */
export function makePrivate(
  name: string,
  bucket: aws.s3.Bucket,
  opts: pulumi.CustomResourceOptions,
): void {
  new aws.s3.BucketPublicAccessBlock(
    `${name}-public-access`,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    opts,
  );
  new aws.s3.BucketOwnershipControls(
    `${name}-ownership`,
    { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } },
    opts,
  );
}

/** The policy statement that refuses any request to `bucket` made without TLS. */
export function denyInsecureTransport(bucket: aws.s3.Bucket) {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** A CloudFront distribution allowed to read `prefix` of a bucket (through its OAC). */
export interface DistributionReader {
  prefix: string;
  distributionArn: pulumi.Input<string>;
}

/** The one policy of a bucket: TLS only, plus read grants to distributions. */
export function bucketPolicy(
  name: string,
  bucket: aws.s3.Bucket,
  readers: DistributionReader[],
  opts: pulumi.CustomResourceOptions,
): aws.s3.BucketPolicy {
  return new aws.s3.BucketPolicy(
    name,
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
    opts,
  );
}
