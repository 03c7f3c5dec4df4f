import * as aws from '@pulumi/aws';
import { expect } from 'chai';
import { ofType, settled, useMocks } from '../support/pulumi-mocks.ts';

describe('LogArchiveAccount component (Pulumi, under mocks)', () => {
  const replicationRoleArn = 'arn:aws:iam::111111111111:role/portfolio-replication';
  let LogArchiveAccount: typeof import('../../components/log-archive-account.ts').LogArchiveAccount;

  before(async () => {
    await useMocks();
    ({ LogArchiveAccount } = await import('../../components/log-archive-account.ts'));
    const provider = new aws.Provider('log-archive-provider', {
      region: 'eu-west-1',
      assumeRoles: [{ roleArn: 'arn:aws:iam::222222222222:role/deploy', sessionName: 'portfolio' }],
    });
    new LogArchiveAccount(
      'archive',
      {
        namePrefix: 'portfolio-prod',
        retentionDays: 365,
        sourceAccountId: '111111111111',
        replicationRoleArn,
      },
      { provider },
    );
    await settled();
  });

  it('refuses to be built without its own provider', () => {
    expect(
      () =>
        new LogArchiveAccount('stray', {
          namePrefix: 'x',
          retentionDays: 1,
          sourceAccountId: '1',
          replicationRoleArn,
        }),
    ).to.throw('LogArchiveAccount needs opts.provider');
  });

  it('locks the backup bucket in compliance mode for the retention, versioned, encrypted by S3 (no key to disable)', () => {
    const [bucket] = ofType('aws:s3/bucket:Bucket', 'archive');
    expect(bucket?.inputs).to.include({
      objectLockEnabled: true,
      bucketPrefix: 'portfolio-prod-backup-',
    });
    const [lock] = ofType(
      'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration',
      'archive',
    );
    expect(lock?.inputs.rule).to.deep.equal({
      defaultRetention: { mode: 'COMPLIANCE', days: 365 },
    });
    const [versioning] = ofType('aws:s3/bucketVersioning:BucketVersioning', 'archive');
    expect(versioning?.inputs.versioningConfiguration).to.deep.equal({ status: 'Enabled' });
    const [encryption] = ofType(
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
      'archive',
    );
    const rules = (encryption?.inputs.rules ?? []) as {
      applyServerSideEncryptionByDefault: { sseAlgorithm: string };
    }[];
    const rule = rules[0];
    expect(rule?.applyServerSideEncryptionByDefault.sseAlgorithm).to.equal('AES256');
    expect(ofType('aws:kms/key:Key', 'archive')).to.deep.equal([]);
  });

  it('expires what a takedown hid after the retention, with a lifecycle made before the policy locks it', () => {
    const [lifecycle] = ofType(
      'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
      'archive',
    );
    const rules = lifecycle?.inputs.rules as Record<string, unknown>[];
    expect(rules.find((r) => r.id === 'expire-taken-down')).to.deep.include({
      status: 'Enabled',
      noncurrentVersionExpiration: { noncurrentDays: 365 },
    });
    expect(rules.find((r) => r.id === 'remove-lone-delete-markers')).to.deep.include({
      expiration: { expiredObjectDeleteMarker: true },
    });
  });

  it('denies deletes and plain HTTP to everyone, and lets only the replication role write', () => {
    const [policy] = ofType('aws:s3/bucketPolicy:BucketPolicy', 'archive');
    const statements = JSON.parse(policy?.inputs.policy as string).Statement as {
      Sid: string;
      Effect: string;
      Principal: unknown;
      Action: string | string[];
    }[];
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid.DenyDeletes).to.deep.include({ Effect: 'Deny', Principal: '*' });
    expect(bySid.DenyDeletes?.Action).to.include.members([
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:PutBucketObjectLockConfiguration',
      's3:PutLifecycleConfiguration',
      's3:PutBucketPolicy',
      's3:DeleteBucketPolicy',
    ]);
    expect(bySid.DenyInsecureTransport).to.deep.include({ Effect: 'Deny' });
    expect(bySid.ReplicationWrites).to.deep.include({
      Effect: 'Allow',
      Principal: { AWS: replicationRoleArn },
    });
    // Delete markers only: no version can be deleted (DenyDeletes), a takedown can be replicated.
    expect(bySid.ReplicationWrites?.Action).to.include('s3:ReplicateDelete');
  });
});
