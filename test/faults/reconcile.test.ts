// The reconciler against the real stand-ins: originals the optimizer never heard of, damaged
// originals, orphans on either side; idempotent and bounded.
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { ArtistRegistry, artistSchema } from '../../core/artists/artists.ts';
import { ImageRecords } from '../../core/images/image-records.ts';
import { silentLogger } from '../../core/platform/logger.ts';
import { reconcile } from '../../core/reconcile/reconcile.ts';
import { itemKeys, TABLE } from '../../core/store/table-schema.ts';
import { reconcileDependencies } from '../../functions/reconcile/dependencies.ts';
import { type ImagePipeline, startImagePipeline } from '../../local/image-pipeline.ts';
import { runIngest } from '../../local/ingest-runner.ts';
import { reconcileLocally } from '../../local/reconcile-runner.ts';
import { type StandIns, startStandIns } from '../../local/stand-ins.ts';
import type { Scraper } from '../../scraper/scraper-runtime.ts';
import { photo, startFixtureSites } from '../scraper/fixture-sites.ts';
import { idleReconciler, reconcileRuns } from '../support/idle-reconciler.ts';
import { loopbackScraper } from '../support/loopback-scraper.ts';
import { putOriginal } from '../support/originals.ts';

describe('faults: the reconciler makes records agree with originals', function () {
  this.timeout(180_000);
  let standIns: StandIns;
  let pipeline: ImagePipeline | undefined;
  let records: ImageRecords;

  beforeEach(async () => {
    standIns = await startStandIns();
    records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
  });
  afterEach(async () => {
    pipeline?.stop();
    pipeline = undefined;
    await standIns.stop();
  });

  const deleteRecord = (slug: string, imageId: string) =>
    standIns.clients.dynamo.send(
      new DeleteCommand({
        TableName: standIns.config.tableName,
        Key: {
          [TABLE.partitionKey]: itemKeys.artistPk(slug),
          [TABLE.sortKey]: itemKeys.imageSk(imageId),
        },
      }),
    );

  it('hands originals whose events were lost to the optimizer, once', async () => {
    // Stored while no optimizer listened: as after a kill that dropped the queued events.
    for (const seed of [1, 2, 3]) await putOriginal(standIns, 'ana', await photo(seed));
    pipeline = startImagePipeline(standIns);
    expect(await records.listHashes('ana')).to.have.length(0);

    const first = await reconcileLocally(standIns, pipeline, ['ana']);
    expect(first).to.deep.include({ artists: 1, originals: 3, redriven: 3, removed: 0 });
    expect(await records.listHashes('ana')).to.have.length(3);

    const second = await reconcileLocally(standIns, pipeline, ['ana']);
    expect(second).to.deep.include({ originals: 3, redriven: 0, deferred: 0 });
  });

  it('redrives at most its bound per run and leaves the rest to the next', async () => {
    for (const seed of [4, 5, 6]) await putOriginal(standIns, 'bo', await photo(seed));
    const redriven: string[] = [];
    const deps = reconcileDependencies(
      standIns.clients,
      standIns.config,
      async (keys) => {
        redriven.push(...keys);
      },
      silentLogger(),
    );
    const findings = await reconcile(deps, { artists: ['bo'], graceMs: 0, limit: 2 });
    expect(findings).to.deep.include({ redriven: 2, deferred: 1 });
    expect(redriven).to.have.length(2);
    // An original younger than the grace period may be in flight: counted, not redriven.
    const young = await reconcile(deps, { artists: ['bo'], graceMs: 3_600_000, limit: 10 });
    expect(young).to.deep.include({ redriven: 0, pending: 3 });
  });

  it('leaves an original the optimizer keeps failing on alone after a few redrives', async () => {
    const poison = await putOriginal(standIns, 'fay', await photo(9));
    // An optimizer that never gets through it: the redriven messages come to nothing.
    const runs = await reconcileRuns(standIns, 'fay', 4, 10);
    expect(runs.map((r) => [r.redriven, r.givenUp])).to.deep.equal([
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    expect(runs[3]?.examples.givenUp).to.deep.equal([poison.key]);
  });

  it('begins no artist past its deadline, and says how many it left', async () => {
    const findings = await reconcile(idleReconciler(standIns), {
      artists: ['gus', 'hal', 'ida'],
      graceMs: 0,
      limit: 10,
      deadline: Date.now() - 1,
    });
    expect(findings).to.deep.include({ artists: 0, artistsDeferred: 3 });
  });

  it('makes each artist’s directory entry agree with their profile and images', async () => {
    const { clients, config } = standIns;
    const registry = new ArtistRegistry(clients.dynamo, config.tableName);
    // Registered before entries were kept: none yet. And one with an item a race left behind.
    await registry.add(artistSchema.parse({ slug: 'jo', name: 'Jo', city: 'Lyon', websites: [] }));
    await registry.add(artistSchema.parse({ slug: 'kim', name: 'Kim', websites: [] }));
    await clients.dynamo.send(
      new PutCommand({
        TableName: config.tableName,
        Item: {
          [TABLE.partitionKey]: itemKeys.directoryPk('kim'),
          [TABLE.sortKey]: 'style=realism',
          gsi1pk: itemKeys.filteredArtistsCollection('style=realism'),
          gsi1sk: 'kim',
          type: 'directory',
        },
      }),
    );
    const entry = async (slug: string) =>
      (
        await clients.dynamo.send(
          new QueryCommand({
            TableName: config.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': itemKeys.directoryPk(slug) },
          }),
        )
      ).Items?.map((item) => item[TABLE.sortKey]).sort();
    const deps = idleReconciler(standIns);
    const first = await reconcile(deps, { artists: ['jo', 'kim'], graceMs: 0, limit: 10 });
    expect(first).to.deep.include({ directoryRepaired: 2 });
    expect(first.examples.directoryRepaired).to.deep.equal(['jo', 'kim']);
    expect(await entry('jo')).to.deep.equal(['CITY', 'city=lyon']);
    expect(await entry('kim')).to.deep.equal([]);
    const again = await reconcile(deps, { artists: ['jo', 'kim'], graceMs: 0, limit: 10 });
    expect(again).to.deep.include({ directoryRepaired: 0 });
  });

  it('reports variants without a record and records without an original', async () => {
    pipeline = startImagePipeline(standIns);
    const kept = await putOriginal(standIns, 'cy', await photo(7));
    const lost = await putOriginal(standIns, 'cy', await photo(8));
    await pipeline.drained();
    await standIns.clients.s3.send(
      new DeleteObjectCommand({ Bucket: standIns.config.rawBucket, Key: lost.key }),
    );
    const stray = `img/cy/${'f'.repeat(16)}/640.webp`;
    await standIns.clients.s3.send(
      new PutObjectCommand({ Bucket: standIns.config.optimizedBucket, Key: stray, Body: 'x' }),
    );
    const findings = await reconcileLocally(standIns, pipeline, ['cy']);
    expect(findings).to.deep.include({
      originals: 1,
      redriven: 0,
      variantsWithoutRecord: 1,
      recordsWithoutOriginal: 1,
    });
    expect(findings.examples.variantsWithoutRecord).to.deep.equal([stray]);
    expect(findings.examples.recordsWithoutOriginal[0]).to.include(lost.imageId);
    expect(findings.examples.recordsWithoutOriginal.join()).not.to.include(kept.imageId);
  });

  it('lists past a page of a thousand objects', async () => {
    const { clients, config } = standIns;
    const keys = Array.from(
      { length: 1005 },
      (_, n) => `img/ed/${n.toString(16).padStart(16, '0')}/160.webp`,
    );
    for (let start = 0; start < keys.length; start += 50) {
      await Promise.all(
        keys
          .slice(start, start + 50)
          .map((Key) =>
            clients.s3.send(
              new PutObjectCommand({ Bucket: config.optimizedBucket, Key, Body: 'x' }),
            ),
          ),
      );
    }
    pipeline = startImagePipeline(standIns);
    const findings = await reconcileLocally(standIns, pipeline, ['ed']);
    expect(findings.variantsWithoutRecord).to.equal(1005);
    expect(findings.examples.variantsWithoutRecord).to.have.length(20);
  });

  describe('a damaged original, through the ingest run', () => {
    let scraper: Scraper;
    let sites: Awaited<ReturnType<typeof startFixtureSites>>;

    before(async () => {
      sites = await startFixtureSites();
      scraper = loopbackScraper();
    });
    after(async () => {
      await scraper.close();
      await sites.close();
    });

    it('is removed, its source forgotten, and fetched again by the next ingest', async () => {
      pipeline = startImagePipeline(standIns);
      const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
      await registry.add(
        artistSchema.parse({ slug: 'di', name: 'Di', websites: [`${sites.origin}/tiles/`] }),
      );
      const ingest = () =>
        runIngest({ standIns, pipeline: pipeline as ImagePipeline, scraper, artists: ['di'] });
      const first = await ingest();
      expect(first.images.published).to.equal(3);
      const [victim] = await records.listStates('di', () => {});
      if (!victim) throw new Error('no record');

      // The original is cut short (a disk that filled up): the optimizer refuses it.
      const { rawKey: key, imageId } = victim;
      await deleteRecord('di', imageId);
      const truncated = (await photo(1)).subarray(0, 1000);
      await standIns.clients.s3.send(
        new PutObjectCommand({ Bucket: standIns.config.rawBucket, Key: key, Body: truncated }),
      );
      await pipeline.drained();
      expect(await records.get('di', imageId)).to.deep.include({
        status: 'failed',
        code: 'content-mismatch',
      });

      const second = await ingest();
      expect(second.originals.known).to.equal(3);
      expect(second.reconciled).to.deep.include({ removed: 1, redriven: 0 });
      expect(await records.get('di', imageId)).to.equal(undefined);

      const third = await ingest();
      expect(third.originals.stored).to.equal(1);
      expect(third.images.published).to.equal(1);
      expect(await records.get('di', imageId)).to.deep.include({ status: 'ok' });
      expect(await records.listHashes('di')).to.have.length(3);
      expect(third.reconciled).to.deep.include({
        removed: 0,
        redriven: 0,
        recordsWithoutOriginal: 0,
      });
    });
  });
});
