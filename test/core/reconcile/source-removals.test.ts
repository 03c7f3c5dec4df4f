// The reconciler takes images their sources no longer hold off the site, on the real
// stand-ins with the optimizer running: copies of one photo on two sources, the cover, the
// directory's styles, images no source recorded, a run cut short, the bound.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import sharp from 'sharp';
import { ArtistCovers } from '../../../core/artists/artist-covers.ts';
import { ArtistRegistry, artistSchema } from '../../../core/artists/artists.ts';
import { ImageRecords } from '../../../core/images/image-records.ts';
import { objectCreatedMessage } from '../../../core/ingest/s3-notifications.ts';
import { silentLogger } from '../../../core/platform/logger.ts';
import { reconcile } from '../../../core/reconcile/reconcile.ts';
import {
  type HoldingOutcome,
  type SourceHolding,
  SourceHoldings,
} from '../../../core/sources/source-holdings.ts';
import { queryCollection } from '../../../core/store/collections.ts';
import { listObjects } from '../../../core/store/object-store.ts';
import { itemKeys, profileKey } from '../../../core/store/table-schema.ts';
import { reconcileDependencies } from '../../../functions/reconcile/dependencies.ts';
import { type ImagePipeline, startImagePipeline } from '../../../local/image-pipeline.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';
import { photo } from '../../scraper/fixture-sites.ts';
import { reconcileRuns } from '../../support/idle-reconciler.ts';
import { putOriginal, type StoredOriginal } from '../../support/originals.ts';

const SLUG = 'sol';
const SITE = 'https://studio.example/sol/';
const HANDLE = 'sol.tattoo';

describe('reconcile: removed at the source, removed here', function () {
  this.timeout(120_000);
  let standIns: StandIns;
  let pipeline: ImagePipeline;
  let records: ImageRecords;
  let holdings: SourceHoldings;
  let covers: ArtistCovers;

  beforeEach(async () => {
    standIns = await startStandIns();
    pipeline = startImagePipeline(standIns);
    records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
    holdings = new SourceHoldings(standIns.clients.dynamo, standIns.config.tableName);
    covers = new ArtistCovers(standIns.clients.dynamo, standIns.config.tableName);
    const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
    await registry.add(artistSchema.parse({ slug: SLUG, name: 'Sol', websites: [SITE] }));
  });
  afterEach(async () => {
    pipeline.stop();
    await standIns.stop();
  });

  /** Stores originals and waits until the optimizer has made each an image. */
  const images = async (...originals: [Uint8Array, string?][]): Promise<StoredOriginal[]> => {
    const stored: StoredOriginal[] = [];
    for (const [bytes, caption] of originals) {
      const original = await putOriginal(standIns, SLUG, bytes, {
        source: 'website',
        ...(caption && { caption }),
      });
      pipeline.queue.send(objectCreatedMessage(standIns.config.rawBucket, original.key));
      await pipeline.drained();
      stored.push(original);
    }
    return stored;
  };
  const read = (
    source: SourceHolding['source'],
    shown: StoredOriginal[],
    complete = true,
  ): Promise<HoldingOutcome> =>
    holdings.record(SLUG, {
      source,
      id: source === 'website' ? SITE : HANDLE,
      attemptedAt: new Date().toISOString(),
      imageIds: shown.map((image) => image.imageId),
      complete,
    });
  const run = (limit = 100, forgetAtEdge?: (slugs: string[]) => Promise<void>) =>
    reconcile(
      {
        ...reconcileDependencies(
          standIns.clients,
          standIns.config,
          async (keys) => {
            for (const key of keys)
              pipeline.queue.send(objectCreatedMessage(standIns.config.rawBucket, key));
          },
          silentLogger(),
        ),
        forgetAtEdge,
      },
      { artists: [SLUG], graceMs: 0, limit },
    ).then(async (findings) => {
      await pipeline.drained();
      return findings;
    });
  const shown = async () => (await records.listHashes(SLUG)).map((image) => image.imageId).sort();
  const variants = async (imageId: string) =>
    (await listObjects(standIns.clients.s3, standIns.config.optimizedBucket, `img/${SLUG}/`))
      .map((object) => object.key)
      .filter((key) => key.startsWith(`img/${SLUG}/${imageId}/`));
  const profile = async () =>
    (
      await standIns.clients.dynamo.send(
        new GetCommand({
          TableName: standIns.config.tableName,
          Key: profileKey(SLUG),
          ConsistentRead: true,
        }),
      )
    ).Item;

  it('keeps a photo while any source shows a copy of it; takes it off when none does', async () => {
    const bytes = await photo(31, 1200, 1600);
    const [big, other] = await images([bytes], [await photo(32)]);
    // The same photo, smaller, on Instagram: folded into the big one.
    const [small] = await images([await sharp(bytes).resize(600).jpeg().toBuffer()]);
    const [bigId, otherId, smallId] = [big, other, small].map((i) => (i as StoredOriginal).imageId);
    expect((await records.get(SLUG, smallId as string))?.status).to.equal('duplicate');
    await read('website', [big, other] as StoredOriginal[]);
    await read('instagram', [small] as StoredOriginal[]);

    // The site takes the photo down; Instagram still shows its copy.
    await read('website', [other] as StoredOriginal[]);
    expect(await run()).to.deep.include({ takenOff: 0 });
    expect(await shown()).to.deep.equal([bigId, otherId].sort());

    // Instagram too: now no source shows the photo.
    await read('instagram', [other] as StoredOriginal[]);
    const findings = await run();
    expect(findings).to.deep.include({ takenOff: 1, variantsWithoutRecord: 0 });
    expect(findings.examples.takenOff).to.deep.equal([`${SLUG}/${bigId}`]);
    expect(await shown()).to.deep.equal([otherId]);
    expect(await variants(bigId as string)).to.deep.equal([]);

    // Instagram shows its copy again (a partial read is enough to show what it saw).
    await read('instagram', [small] as StoredOriginal[], false);
    expect(await run()).to.deep.include({ returned: 1, takenOff: 0 });
    expect(await shown()).to.deep.equal([bigId, otherId].sort());
    expect(await variants(bigId as string)).not.to.deep.equal([]);
  });

  it('withdraws the cover and the styles that the image taken off carried', async () => {
    const [first, second, third] = await images(
      [await photo(41), '#blackwork'],
      [await photo(42), 'bold #blackworktattoo'],
      [await photo(43), 'a rose'],
    );
    const all = [first, second, third] as StoredOriginal[];
    await read('website', all);
    const before = await profile();
    expect(before?.styles).to.include('blackwork');
    const cover = before?.cover?.imageId as string;
    // The site keeps one image: the other two, the cover among them, leave.
    const kept = all.find((image) => image.imageId !== cover) as StoredOriginal;
    await read('website', [kept]);
    expect(await run()).to.deep.include({ takenOff: 2 });
    const after = await profile();
    expect(after?.cover?.imageId).to.equal(kept.imageId);
    expect(after?.styles ?? []).not.to.include('blackwork');
  });

  it('leaves alone images no source ever recorded', async () => {
    const [old, fresh] = await images([await photo(51)], [await photo(52)]);
    // Only the newer image was seen by a read (the older one came before reads were kept).
    await read('website', [fresh as StoredOriginal]);
    await read('website', [fresh as StoredOriginal]);
    expect(await run()).to.deep.include({ takenOff: 0 });
    expect(await shown()).to.include((old as StoredOriginal).imageId);
  });

  it('finishes a take-off that a run left half done', async () => {
    const both = await images([await photo(61)], [await photo(62)]);
    // The cover is the one taken off.
    const goneId = (await profile())?.cover?.imageId as string;
    const stays = both.find((image) => image.imageId !== goneId) as StoredOriginal;
    await read('website', both);
    await read('website', [stays]);
    // A run stopped right after the record's write: the variants and the cover are left.
    expect(await records.takeOff(SLUG, goneId, new Date())).to.not.equal(undefined);
    expect(await variants(goneId)).not.to.deep.equal([]);
    expect((await profile())?.cover?.imageId).to.equal(goneId);
    const findings = await run();
    expect(findings).to.deep.include({ takenOff: 0, variantsWithoutRecord: 0 });
    expect(await variants(goneId)).to.deep.equal([]);
    expect((await profile())?.cover?.imageId).to.equal(stays.imageId);
  });

  it('takes off at most its bound per run, and the rest on the next', async () => {
    const stored = await images([await photo(71)], [await photo(72)], [await photo(73)]);
    await read('website', stored);
    await read('website', stored.slice(0, 1));
    expect(await run(1)).to.deep.include({ takenOff: 1, takeOffsDeferred: 1, deferred: 0 });
    expect(await shown()).to.have.length(2);
    expect(await run(1)).to.deep.include({ takenOff: 1, takeOffsDeferred: 0 });
    expect(await shown()).to.deep.equal([stored[0]?.imageId]);
  });

  it('tells the edge to drop the artist’s images once their variants are gone, until it has', async () => {
    const [gone, stays] = await images([await photo(81)], [await photo(82)]);
    await read('website', [gone, stays] as StoredOriginal[]);
    await read('website', [stays as StoredOriginal]);
    const asked: { slugs: string[]; variantsLeft: number }[] = [];
    const goneId = (gone as StoredOriginal).imageId;
    const edge = (fails: boolean) => async (slugs: string[]) => {
      // By then the bucket holds nothing the edge could fetch again.
      asked.push({ slugs, variantsLeft: (await variants(goneId)).length });
      if (fails) throw new Error('TooManyInvalidationsInProgress');
    };
    expect(await run(100, edge(true))).to.deep.include({ takenOff: 1 });
    expect(asked).to.deep.equal([{ slugs: [SLUG], variantsLeft: 0 }]);
    expect((await records.get(SLUG, goneId)) as object).not.to.have.property('forgottenAt');
    // Asked again by the next run, and only until it went through.
    await run(100, edge(false));
    expect(asked).to.have.length(2);
    expect((await records.get(SLUG, goneId)) as object).to.have.property('forgottenAt');
    await run(100, edge(false));
    expect(asked).to.have.length(2);
  });

  it('takes a complete read that drops much of a source at its word only when the next agrees', async () => {
    const stored = await images(
      [await photo(91)],
      [await photo(92)],
      [await photo(93)],
      [await photo(94)],
      [await photo(95)],
    );
    await read('website', stored);
    // A redesign the scraper misreads looks like a portfolio taken down: 4 of 5 gone at once.
    expect(await read('website', stored.slice(0, 1))).to.deep.equal({
      status: 'unconfirmed',
      dropped: 4,
      held: 5,
    });
    expect(await run()).to.deep.include({ takenOff: 0 });
    expect(await shown()).to.have.length(5);
    // The next complete read says the same: now they leave.
    expect(await read('website', stored.slice(0, 1))).to.deep.equal({ status: 'held' });
    expect(await run()).to.deep.include({ takenOff: 4 });
    expect(await shown()).to.deep.equal([stored[0]?.imageId]);
  });

  it('keeps the newer of two complete reads written out of order (overlapping runs)', async () => {
    const [first, second] = await images([await photo(96)], [await photo(97)]);
    const at = (minute: number) => `2026-12-01T10:0${minute}:00.000Z`;
    const write = (shown: StoredOriginal[], minute: number) =>
      holdings.record(SLUG, {
        source: 'website',
        id: SITE,
        attemptedAt: at(minute),
        imageIds: shown.map((image) => image.imageId),
        complete: true,
      });
    expect(await write([first, second] as StoredOriginal[], 5)).to.deep.equal({ status: 'held' });
    // A run that read the site earlier, without the second image, writes last.
    expect(await write([first as StoredOriginal], 1)).to.deep.equal({ status: 'older' });
    expect(await run()).to.deep.include({ takenOff: 0 });
    expect(await shown()).to.have.length(2);
  });

  it('waits while an original a source holds is still on its way through the optimizer', async () => {
    const bytes = await photo(98, 1200, 1600);
    const [old] = await images([bytes]);
    await read('website', [old as StoredOriginal]);
    // The site now shows a re-export of the same photo: stored, not yet optimized.
    const copy = await putOriginal(
      standIns,
      SLUG,
      await sharp(bytes).resize(800).jpeg({ quality: 80 }).toBuffer(),
    );
    await read('website', [copy]);
    expect(await run()).to.deep.include({ takenOff: 0, takeOffsDeferred: 1 });
    expect(await shown()).to.deep.equal([old?.imageId]);
    // Optimized, the copy folds into the photo shown: which stays, held through its copy.
    pipeline.queue.send(objectCreatedMessage(standIns.config.rawBucket, copy.key));
    await pipeline.drained();
    expect((await records.get(SLUG, copy.imageId))?.status).to.equal('duplicate');
    expect(await run()).to.deep.include({ takenOff: 0, takeOffsDeferred: 0 });
    expect(await shown()).to.deep.equal([old?.imageId]);
  });

  it('never makes a cover of an image the index still lists after it was taken off', async () => {
    const [oldest, middle, newest] = await images(
      [await photo(101)],
      [await photo(102)],
      [await photo(103)],
    );
    const ids = [oldest, middle, newest].map((image) => (image as StoredOriginal).imageId);
    const byOrder = (await records.listHashes(SLUG)).map((image) => image.imageId);
    expect(byOrder.sort()).to.deep.equal([...ids].sort());
    const cover = (await profile())?.cover?.imageId as string;
    // The next newest after the cover is taken off in its record, but the index (eventually
    // consistent in AWS) still lists it as it was.
    const { items } = await queryCollection(
      standIns.clients.dynamo,
      standIns.config.tableName,
      itemKeys.imagesCollection(SLUG),
      { limit: 3, forward: false },
    );
    const next = items.map((item) => String(item.imageId)).find((id) => id !== cover) as string;
    const lagging = items.find((item) => item.imageId === next) as Record<string, unknown>;
    expect(await records.takeOff(SLUG, next, new Date())).not.to.equal(undefined);
    // What the index still says of it: the record as it was, shown (an item of its own here,
    // since the stand-in's index follows its table at once).
    await standIns.clients.dynamo.send(
      new PutCommand({
        TableName: standIns.config.tableName,
        Item: { ...lagging, sk: `LAGGING#${next}` },
      }),
    );
    await covers.withdraw(SLUG, cover);
    const now = (await profile())?.cover?.imageId;
    expect(now).to.be.a('string');
    expect([cover, next]).not.to.include(now);
  });

  it('keeps a cover its record says is shown, even one made after the reconciler listed', async () => {
    const [first] = await images([await photo(111)]);
    // The optimizer showed it (and made it the cover) while a reconcile that had listed the
    // artist before was running: the record, read now, decides.
    expect(await covers.check(SLUG, false)).to.equal(false);
    expect((await profile())?.cover?.imageId).to.equal(first?.imageId);
    await records.takeOff(SLUG, first?.imageId as string, new Date());
    expect(await covers.check(SLUG, false)).to.equal(true);
    expect((await profile())?.cover).to.equal(undefined);
  });

  it('stops waiting for an original the optimizer gave up on', async () => {
    const [gone] = await images([await photo(121)]);
    // A new original the optimizer never gets through (none runs now; the redrives come to
    // nothing).
    await pipeline.drained();
    pipeline.stop();
    const poison = await putOriginal(standIns, SLUG, await photo(122));
    await read('website', [gone as StoredOriginal, poison]);
    await read('website', [poison]);
    const runs = await reconcileRuns(standIns, SLUG, 4, 100);
    expect(runs.map((r) => [r.redriven, r.givenUp, r.takeOffsDeferred, r.takenOff])).to.deep.equal([
      [1, 0, 1, 0],
      [1, 0, 1, 0],
      [1, 0, 1, 0],
      [0, 1, 0, 1],
    ]);
  });
});
