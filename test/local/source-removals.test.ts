// Removed at the source, removed here: the state machine run locally against a studio site
// that changes between runs. A complete read that no longer shows an image takes it off the
// site on that run (its variants too; the original stays); a partial or failed read, or one
// where an image could not be fetched for now, takes nothing off; an image shown again comes
// back.
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { ArtistRegistry, artistSchema } from '../../core/artists/artists.ts';
import { ImageRecords } from '../../core/images/image-records.ts';
import { listObjects } from '../../core/store/object-store.ts';
import { profileKey } from '../../core/store/table-schema.ts';
import { type ImagePipeline, startImagePipeline } from '../../local/image-pipeline.ts';
import { runIngest } from '../../local/ingest-runner.ts';
import { type StandIns, startStandIns } from '../../local/stand-ins.ts';
import type { Scraper } from '../../scraper/scraper-runtime.ts';
import { photo } from '../scraper/fixture-sites.ts';
import {
  type FixtureServer,
  type Route,
  reply,
  startFixtureServer,
} from '../support/fixture-server.ts';
import { loopbackScraper } from '../support/loopback-scraper.ts';

const SLUG = 'rae-gone';

describe('removed at the source, removed here: an ingest run against a changing site', function () {
  this.timeout(180_000);
  let site: FixtureServer;
  let standIns: StandIns;
  let pipeline: ImagePipeline;
  let scraper: Scraper;
  let records: ImageRecords;
  /** Image id by photo name, learnt from the test's first run. */
  const ids = new Map<string, string>();

  /** The gallery page showing these photos (and links, if any). */
  const gallery = (names: string[], links = '') =>
    reply(
      200,
      `<!doctype html><html><head><title>Rae</title></head><body><main>${names
        .map((name) => `<img src="/photos/${name}.jpg" width="600" height="800" alt="${name}">`)
        .join('')}</main>${links}</body></html>`,
      { 'content-type': 'text/html; charset=utf-8' },
    );
  const ingest = () => runIngest({ standIns, pipeline, scraper, artists: [SLUG] });
  const shown = async () => new Set((await records.listHashes(SLUG)).map((image) => image.imageId));
  const variantsOf = async (imageId: string) =>
    (await listObjects(standIns.clients.s3, standIns.config.optimizedBucket, `img/${SLUG}/`))
      .map((object) => object.key)
      .filter((key) => key.startsWith(`img/${SLUG}/${imageId}/`));

  before(async () => {
    site = await startFixtureServer();
    scraper = loopbackScraper();
  });
  after(async () => {
    await scraper.close();
    await site.close();
  });

  // Each test starts afresh: the site shows a, b and c, and so does the directory.
  beforeEach(async () => {
    site.routes.clear();
    for (const [index, name] of ['a', 'b', 'c', 'd'].entries()) {
      site.routes.set(
        `/photos/${name}.jpg`,
        reply(200, await photo(400 + index), { 'content-type': 'image/jpeg' }),
      );
    }
    site.routes.set('/', gallery(['a', 'b', 'c']));
    standIns = await startStandIns();
    pipeline = startImagePipeline(standIns);
    records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
    const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
    await registry.add(
      artistSchema.parse({ slug: SLUG, name: 'Rae', websites: [`${site.origin}/`] }),
    );
    const summary = await ingest();
    expect(summary.images).to.deep.include({ published: 3, takenOff: 0 });
    ids.clear();
    for (const state of await records.listStates(SLUG, () => {})) {
      const name = /\/photos\/(\w)\.jpg$/.exec(state.provenance?.sourceUrl ?? '')?.[1];
      if (name) ids.set(name, state.imageId);
    }
    expect([...ids.keys()].sort()).to.deep.equal(['a', 'b', 'c']);
  });
  afterEach(async () => {
    pipeline.stop();
    await standIns.stop();
  });

  it('takes an image the site no longer shows off the site on that run; the original stays', async () => {
    site.routes.set('/', gallery(['a', 'b']));
    const c = ids.get('c') as string;
    expect(await variantsOf(c)).not.to.deep.equal([]);
    const summary = await ingest();
    expect(summary.images).to.deep.include({ published: 0, takenOff: 1 });
    expect(summary.reconciled).to.deep.include({ takenOff: 1, returned: 0 });
    expect(await shown()).to.deep.equal(new Set([ids.get('a'), ids.get('b')]));
    expect((await records.get(SLUG, c))?.status).to.equal('removed');
    expect(await variantsOf(c)).to.deep.equal([]);
    // The original is kept (and so is the backup's copy, replicated from it).
    const raw = (await records.get(SLUG, c))?.rawKey as string;
    await standIns.clients.s3.send(
      new HeadObjectCommand({ Bucket: standIns.config.rawBucket, Key: raw }),
    );
    // The directory's cover is one of the images still shown.
    const { Item: profile } = await standIns.clients.dynamo.send(
      new GetCommand({ TableName: standIns.config.tableName, Key: profileKey(SLUG) }),
    );
    expect([ids.get('a'), ids.get('b')]).to.include(profile?.cover?.imageId);
  });

  it('takes nothing off after a partial read (a page of the site failed)', async () => {
    site.routes.set('/', gallery(['a'], '<a href="/gallery/2/">Older work</a>'));
    site.routes.set('/gallery/2/', reply(500, 'down for a moment'));
    const summary = await ingest();
    expect(summary.images.takenOff).to.equal(0);
    expect(await shown()).to.have.property('size', 3);
  });

  for (const [status, what] of [
    [503, 'busy for now'],
    [403, 'an expired link'],
  ] as const) {
    it(`takes nothing off when an image of the page could not be fetched (${status}: ${what})`, async () => {
      // The page shows an image that does not answer: it may be b or c at a new address.
      site.routes.set('/', gallery(['a', 'e']));
      site.routes.set('/photos/e.jpg', reply(status, what));
      const summary = await ingest();
      expect(summary.originals.refused).to.equal(1);
      expect(summary.images.takenOff).to.equal(0);
      expect(await shown()).to.have.property('size', 3);
    });
  }

  it('takes off what a complete read no longer shows beside an image the site answers 404 for', async () => {
    // A broken image on the page (a visitor sees it broken too) is no image of the site's.
    site.routes.set('/', gallery(['a', 'e']));
    const summary = await ingest();
    expect(summary.originals.refused).to.equal(1);
    expect(summary.images.takenOff).to.equal(2);
    expect(await shown()).to.deep.equal(new Set([ids.get('a')]));
  });

  it('reads a page under a second address (/index.html) as the page it is, not one left unread', async () => {
    site.routes.set('/', gallery(['a', 'b'], '<a href="/index.html">Home</a>'));
    site.routes.set('/index.html', site.routes.get('/') as Route);
    const summary = await ingest();
    expect(summary.images.takenOff).to.equal(1);
    expect(await shown()).to.deep.equal(new Set([ids.get('a'), ids.get('b')]));
  });

  it('takes nothing off while one of the artist’s websites could not be read', async () => {
    const other = await startFixtureServer();
    try {
      other.routes.set('/', reply(500, 'down'));
      const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
      await registry.update(SLUG, { websites: [`${site.origin}/`, `${other.origin}/`] });
      // Both read whole once: the second site shows d.
      other.routes.set('/', gallery(['d']));
      other.routes.set('/photos/d.jpg', site.routes.get('/photos/d.jpg') as Route);
      expect((await ingest()).images).to.deep.include({ published: 1, takenOff: 0 });
      // The first site drops c and d; the second is down: d may still be on it, and c too
      // (which site shows an image is not known for sure when they are read together).
      site.routes.set('/', gallery(['a', 'b']));
      other.routes.set('/', reply(500, 'down'));
      expect((await ingest()).images.takenOff).to.equal(0);
      expect(await shown()).to.have.property('size', 4);
      // Both read whole without c and d: they leave.
      other.routes.set('/', gallery([]));
      expect((await ingest()).images.takenOff).to.equal(2);
      expect(await shown()).to.deep.equal(new Set([ids.get('a'), ids.get('b')]));
    } finally {
      await other.close();
    }
  });

  it('takes nothing off after a failed read (the site answered 500)', async () => {
    site.routes.set('/', reply(500, 'down'));
    const summary = await ingest();
    expect(summary.artists).to.deep.equal({ done: 0, failed: 1 });
    expect(summary.images.takenOff).to.equal(0);
    expect(await shown()).to.have.property('size', 3);
  });

  it('shows an image again when the site shows it again', async () => {
    site.routes.set('/', gallery(['a', 'b']));
    expect((await ingest()).images.takenOff).to.equal(1);
    site.routes.set('/', gallery(['a', 'b', 'c', 'd']));
    const summary = await ingest();
    expect(summary.reconciled).to.deep.include({ takenOff: 0, returned: 1 });
    const c = ids.get('c') as string;
    expect(await shown())
      .to.include(c)
      .and.to.have.property('size', 4);
    expect(await variantsOf(c)).not.to.deep.equal([]);
  });

  it('takes off several at once, one of them first seen in a partial read', async () => {
    site.routes.set('/', gallery(['a', 'b', 'd'], '<a href="/gallery/2/">Older work</a>'));
    site.routes.set('/gallery/2/', reply(500, 'down for a moment'));
    const partial = await ingest();
    expect(partial.images).to.deep.include({ published: 1, takenOff: 0 });
    site.routes.delete('/gallery/2/');
    site.routes.set('/', gallery(['a']));
    const summary = await ingest();
    expect(summary.images.takenOff).to.equal(3);
    expect(await shown()).to.deep.equal(new Set([ids.get('a')]));
  });
});
