// The raw store against the real stand-ins: one conditional write decides whether an original
// is new, so the scraper's role needs s3:PutObject and nothing that reads or lists the bucket.
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import sharp from 'sharp';
import { provenanceFromMetadata } from '../../core/images/provenance.ts';
import { type StandIns, startStandIns } from '../../local/stand-ins.ts';
import { RawStore } from '../../scraper/storage/raw-store.ts';

describe('raw store', () => {
  let standIns: StandIns;
  let store: RawStore;

  before(async () => {
    standIns = await startStandIns();
    const { clients, config } = standIns;
    store = new RawStore(clients.s3, clients.dynamo, config.rawBucket, config.tableName);
  });
  after(async () => {
    await standIns.stop();
  });

  async function read(key: string) {
    const object = await standIns.clients.s3.send(
      new GetObjectCommand({ Bucket: standIns.config.rawBucket, Key: key }),
    );
    return {
      bytes: Buffer.from((await object.Body?.transformToByteArray()) ?? []),
      provenance: provenanceFromMetadata(object.Metadata),
    };
  }

  it('stores an original once: the same bytes from another URL are a duplicate, and the first copy is kept as it was', async () => {
    const bytes = await sharp({
      create: { width: 64, height: 48, channels: 3, background: '#a33' },
    })
      .jpeg()
      .toBuffer();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const first = 'http://studio.test/gallery/rose.jpg';
    const second = 'http://cdn.studio.test/rose-large.jpg';
    const stored = await store.store('raw-one', bytes, sha256, 'jpeg', {
      source: 'website',
      sourceUrl: first,
    });
    expect(stored).to.deep.equal({ status: 'stored', key: `originals/raw-one/${sha256}`, sha256 });
    const again = await store.store('raw-one', bytes, sha256, 'jpeg', {
      source: 'website',
      sourceUrl: second,
    });
    expect(again.status).to.equal('duplicate');
    const kept = await read(stored.key);
    expect(kept.bytes.equals(bytes)).to.equal(true);
    expect(kept.provenance.sourceUrl).to.equal(first);
    // Both URLs are known now, and name the one original.
    expect(await store.knownSource('raw-one', first)).to.equal(sha256);
    expect(await store.knownSource('raw-one', second)).to.equal(sha256);
    expect(await store.knownSource('raw-one', 'http://studio.test/other.jpg')).to.equal(undefined);
  });

  it('has a stand-in that refuses a conditional write over a stored object, as S3 does (412)', async () => {
    const { s3 } = standIns.clients;
    const Bucket = standIns.config.rawBucket;
    await s3.send(new PutObjectCommand({ Bucket, Key: 'conditional', Body: 'first' }));
    let refused: unknown;
    try {
      await s3.send(
        new PutObjectCommand({ Bucket, Key: 'conditional', Body: 'second', IfNoneMatch: '*' }),
      );
    } catch (error) {
      refused = error;
    }
    expect((refused as Error | undefined)?.name).to.equal('PreconditionFailed');
    expect(
      (refused as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode,
    ).to.equal(412);
    const object = await s3.send(new GetObjectCommand({ Bucket, Key: 'conditional' }));
    expect(await object.Body?.transformToString()).to.equal('first');
    // The stand-in's connection is still good for the next request.
    await s3.send(new PutObjectCommand({ Bucket, Key: 'fresh', Body: 'x', IfNoneMatch: '*' }));
  });
});
