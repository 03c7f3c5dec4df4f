import { expect } from 'chai';
import { KEY_ATTRIBUTES, TABLE } from '../../core/store/table-schema.ts';
import { ofType, recorded, settled, useMocks } from '../support/pulumi-mocks.ts';

describe('Storage component (Pulumi, under mocks)', () => {
  before(async () => {
    await useMocks();
    const { Storage } = await import('../../components/storage.ts');
    new Storage('storage', { namePrefix: 'portfolio-prod', deletionProtection: true });
    await settled();
  });

  it('makes the raw, optimized and site buckets private and encrypted, the raw one TLS-only', async () => {
    const buckets = ofType('aws:s3/bucket:Bucket', 'storage');
    expect(buckets.map((b) => b.name).sort()).to.deep.equal([
      'storage-optimized',
      'storage-raw',
      'storage-site',
    ]);
    expect(buckets.map((b) => b.inputs.bucketPrefix).sort()).to.deep.equal([
      'portfolio-prod-optimized-',
      'portfolio-prod-raw-',
      'portfolio-prod-site-',
    ]);
    for (const block of ofType(
      'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
      'storage',
    )) {
      expect(block.inputs).to.include({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    }
    expect(
      ofType('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'storage'),
    ).to.have.length(3);
    expect(
      ofType(
        'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
        'storage',
      ),
    ).to.have.length(3);
    const policies = ofType('aws:s3/bucketPolicy:BucketPolicy', 'storage').map((p) =>
      JSON.parse(p.inputs.policy as string),
    );
    // The served buckets' policies come with the distribution that reads them (Distribution).
    expect(policies).to.have.length(1);
    for (const policy of policies) {
      expect(policy.Statement[0]).to.deep.include({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });

  it('grants no reader on the originals', () => {
    const [policy] = ofType('aws:s3/bucketPolicy:BucketPolicy', 'storage-raw-policy');
    const document = JSON.parse(policy?.inputs.policy as string) as {
      Statement: { Effect: string }[];
    };
    expect(document.Statement.map((statement) => statement.Effect)).to.deep.equal(['Deny']);
  });

  it('versions the buckets that replicate to the backup account, and only those', () => {
    const versioned = ofType('aws:s3/bucketVersioning:BucketVersioning', 'storage')
      .map((v) => v.name)
      .sort();
    expect(versioned).to.deep.equal(['storage-optimized-versioning', 'storage-raw-versioning']);
  });

  it('makes the table from the shared schema: on demand, point-in-time recovery, deletion protection', () => {
    const [table] = ofType('aws:dynamodb/table:Table', 'storage');
    if (!table) throw new Error('no table registered');
    expect(table.inputs).to.deep.include({
      name: 'portfolio-prod-portfolio',
      billingMode: 'PAY_PER_REQUEST',
      hashKey: TABLE.partitionKey,
      rangeKey: TABLE.sortKey,
      deletionProtectionEnabled: true,
      pointInTimeRecovery: { enabled: true },
    });
    expect((table.inputs.attributes as { name: string }[]).map((a) => a.name)).to.deep.equal([
      ...KEY_ATTRIBUTES,
    ]);
    expect(table.inputs.globalSecondaryIndexes).to.deep.equal([
      { name: 'gsi1', hashKey: 'gsi1pk', rangeKey: 'gsi1sk', projectionType: 'ALL' },
    ]);
  });

  it('names every child after the component', () => {
    const children = recorded.filter(
      (r) => r.name.startsWith('storage') && r.type !== 'portfolio:storage:Storage',
    );
    expect(children.length).to.be.above(10);
    for (const child of children) expect(child.name, child.type).to.match(/^storage-/);
  });
});
