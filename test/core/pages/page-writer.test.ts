// Pages written on change, on the stand-ins: every page of an artist stored in the site bucket
// as HTML, the ones the portfolio no longer reaches deleted, all of them once the artist is gone.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { DynamoCatalog } from '../../../core/api/catalog.ts';
import { Takedowns } from '../../../core/artists/takedowns.ts';
import { takedownPaths } from '../../../core/edge/edge-invalidation.ts';
import { ImageRecords } from '../../../core/images/image-records.ts';
import { ArtistLifecycle } from '../../../core/operations/artist-lifecycle.ts';
import { PAGE_SIZE } from '../../../core/pages/page-service.ts';
import {
  pageKey,
  WRITTEN_PAGE_CACHE_CONTROL,
  writeArtistPages,
} from '../../../core/pages/page-writer.ts';
import { BUCKETS } from '../../../core/store/buckets.ts';
import { listObjects } from '../../../core/store/object-store.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';
import { okRecord } from '../../support/ok-records.ts';

const SITE = { origin: 'https://tattoo.example', name: 'Tattoo portfolios' };
const BUCKET = BUCKETS.site.localName;

describe('Pages written on change (core/pages/page-writer.ts, on the stand-ins)', function () {
  this.timeout(60_000);
  let standIns: StandIns;
  let lifecycle: ArtistLifecycle;
  let records: ImageRecords;
  const write = (slug: string) =>
    writeArtistPages(
      {
        s3: standIns.clients.s3,
        bucket: BUCKET,
        catalog: new DynamoCatalog(standIns.clients.dynamo, standIns.config.tableName),
        site: SITE,
      },
      slug,
    );
  const stored = async () =>
    (await listObjects(standIns.clients.s3, BUCKET, 'artists/')).map((o) => o.key).sort();

  before(async () => {
    standIns = await startStandIns({});
    lifecycle = new ArtistLifecycle({ clients: standIns.clients, config: standIns.config });
    records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
    await lifecycle.add({ slug: 'ana-ink', name: 'Ana', websites: [], active: true });
    for (let n = 1; n <= PAGE_SIZE + 1; n++) await records.putNew(okRecord('ana-ink', n));
  });
  after(() => standIns.stop());

  it("writes every page of the artist's portfolio as HTML, and says what to invalidate", async () => {
    const result = await write('ana-ink');
    expect(result).to.deep.equal({
      written: ['/artists/ana-ink/', '/artists/ana-ink/page/2/'],
      deleted: [],
      invalidate: ['/artists/ana-ink/', '/artists/ana-ink/page/2/'],
    });
    expect(await stored()).to.deep.equal([
      'artists/ana-ink/index.html',
      'artists/ana-ink/page/2/index.html',
    ]);
    const object = await standIns.clients.s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: pageKey('/artists/ana-ink/page/2/') }),
    );
    expect(object.ContentType).to.equal('text/html; charset=utf-8');
    expect(object.CacheControl).to.equal(WRITTEN_PAGE_CACHE_CONTROL);
    const $ = cheerio.load((await object.Body?.transformToString()) ?? '');
    expect($('h1').text()).to.equal('Ana');
    expect($('#gallery img').length).to.equal(1);
    expect($('nav.pages a[rel=prev]').attr('href')).to.equal('/artists/ana-ink/');
  });

  it('deletes a page the portfolio no longer reaches, once an image is taken off', async () => {
    // Taken off the site (its source no longer shows it), as the reconciler does.
    await records.takeOff('ana-ink', okRecord('ana-ink', 1).imageId, new Date());
    const result = await write('ana-ink');
    expect(result.written).to.deep.equal(['/artists/ana-ink/']);
    expect(result.deleted).to.deep.equal(['/artists/ana-ink/page/2/']);
    expect(await stored()).to.deep.equal(['artists/ana-ink/index.html']);
  });

  it('deletes every page of an artist taken down, even while the takedown is under way', async () => {
    // The takedown's first step: from here on the artist is gone, whatever is left of them.
    await new Takedowns(standIns.clients.dynamo, standIns.config.tableName).record('ana-ink');
    expect((await write('ana-ink')).deleted).to.deep.equal(['/artists/ana-ink/']);
    await write('ana-ink');
    await lifecycle.remove('ana-ink');
    expect(await write('ana-ink')).to.deep.equal({ written: [], deleted: [], invalidate: [] });
    expect(await stored()).to.deep.equal([]);
  });

  it("takes an artist's written pages down with them, and the CDN is told to drop them", async () => {
    const withSite = new ArtistLifecycle({
      clients: standIns.clients,
      config: standIns.config,
      siteBucket: BUCKET,
    });
    await withSite.add({ slug: 'bo-lines', name: 'Bo', websites: [], active: true });
    await records.putNew(okRecord('bo-lines', 1));
    expect((await write('bo-lines')).written).to.deep.equal(['/artists/bo-lines/']);
    expect(await stored()).to.deep.equal(['artists/bo-lines/index.html']);
    await withSite.remove('bo-lines');
    expect(await stored()).to.deep.equal([]);
    expect(takedownPaths('bo-lines')).to.include('/artists/bo-lines/*');
  });
});
