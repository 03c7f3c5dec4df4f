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
