// An artist's pages answered from the data on the stand-ins: 200 with the artist and the page's
// images, crawlable links page to page, 404 with a way back for anything else, bounded work.

import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { DynamoCatalog } from '../../../core/api/catalog.ts';
import { ArtistRegistry } from '../../../core/artists/artists.ts';
import { ImageRecords } from '../../../core/images/image-records.ts';
import { ArtistLifecycle } from '../../../core/operations/artist-lifecycle.ts';
import { PAGE_CSP } from '../../../core/pages/page-headers.ts';
import { handlePageRequest, MAX_PAGE_NUMBER, PAGE_SIZE } from '../../../core/pages/page-service.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';
import { logCommands } from '../../support/command-log.ts';
import { idOf, okRecord } from '../../support/ok-records.ts';

const SITE = { origin: 'https://tattoo.example', name: 'Tattoo portfolios' };
const NOW = Date.parse('2026-12-08T12:00:00Z');

describe("An artist's pages from the data (core/pages/page-service.ts, on the stand-ins)", function () {
  this.timeout(60_000);
  let standIns: StandIns;
  let catalog: DynamoCatalog;
  let commands: string[] = [];
  const images = PAGE_SIZE + 5;

  before(async () => {
    standIns = await startStandIns({});
    const { dynamo } = standIns.clients;
    commands = logCommands(dynamo);
    const registry = new ArtistRegistry(dynamo, standIns.config.tableName);
    await registry.add({
      slug: 'ana-ink',
      name: 'Ana </h1><script>alert(1)</script>',
      city: 'Lyon',
      websites: ['https://ana.example/'],
      active: true,
    });
    const records = new ImageRecords(dynamo, standIns.config.tableName);
    for (let n = 1; n <= images; n++) await records.putNew(okRecord('ana-ink', n));
    catalog = new DynamoCatalog(dynamo, standIns.config.tableName);
  });
  after(() => standIns.stop());

  const get = async (path: string) => {
    commands.length = 0;
    const response = await handlePageRequest(catalog, path, SITE, NOW);
    return { ...response, $: cheerio.load(response.body) };
  };

  it("answers an artist's page with their name, the newest images and a link to the next page", async () => {
    const { status, headers, $ } = await get('/artists/ana-ink/');
    expect(status).to.equal(200);
    expect(headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(headers['content-security-policy']).to.equal(PAGE_CSP);
    expect($('h1').text()).to.equal('Ana </h1><script>alert(1)</script>');
    expect($('script').length).to.equal(1);
    const ids = $('#gallery img')
      .map((_, img) => $(img).attr('src')?.split('/')[3])
      .get();
    expect(ids).to.have.length(PAGE_SIZE);
    expect(ids[0]).to.equal(idOf(images));
    expect($('link[rel=canonical]').attr('href')).to.equal(
      'https://tattoo.example/artists/ana-ink/',
    );
    expect($('nav.pages a[rel=next]').attr('href')).to.equal('/artists/ana-ink/page/2/');
    expect(commands.filter((c) => c === 'ScanCommand')).to.deep.equal([]);
  });

  it('answers the next page with the older images and a link back', async () => {
    const { status, $ } = await get('/artists/ana-ink/page/2/');
    expect(status).to.equal(200);
    const ids = $('#gallery img')
      .map((_, img) => $(img).attr('src')?.split('/')[3])
      .get();
    expect(ids).to.deep.equal([5, 4, 3, 2, 1].map(idOf));
    expect($('title').text()).to.equal(
      'Ana </h1><script>alert(1)</script>, page 2 — Tattoo portfolios',
    );
    expect(
      $('nav.pages a')
        .map((_, a) => `${$(a).attr('rel')} ${$(a).attr('href')}`)
        .get(),
    ).to.deep.equal(['prev /artists/ana-ink/']);
    expect($('link[rel=canonical]').attr('href')).to.equal(
      'https://tattoo.example/artists/ana-ink/page/2/',
    );
  });

  it('sends /page/1/ to the artist page itself', async () => {
    const { status, headers } = await get('/artists/ana-ink/page/1/');
    expect([status, headers.location]).to.deep.equal([301, '/artists/ana-ink/']);
  });

  it('answers 404 with a way back for an unknown artist, a malformed slug or a page past the end', async () => {
    for (const path of [
      '/artists/nobody-here/',
      '/artists/Not_A_Slug/',
      '/artists/ana-ink/page/3/',
      `/artists/ana-ink/page/${MAX_PAGE_NUMBER + 1}/`,
      '/artists/ana-ink/page/02/',
      '/artists/ana-ink/page/0/',
      '/artists/ana-ink/extra/',
      '/elsewhere/',
    ]) {
      const { status, headers, $ } = await get(path);
      expect(status, path).to.equal(404);
      expect(headers['content-security-policy'], path).to.equal(PAGE_CSP);
      expect($('h1').text(), path).to.equal('No artist here');
      expect($('main a[href="/"]').text(), path).to.equal('See all artists');
      expect($('meta[name=robots]').attr('content'), path).to.equal('noindex');
    }
  });

  it('answers 410 for an artist taken down, on every page of theirs, until the slug is registered again', async () => {
    const lifecycle = new ArtistLifecycle({ clients: standIns.clients, config: standIns.config });
    const cy = { slug: 'cy-gone', name: 'Cy', websites: [], active: true };
    expect(await lifecycle.add(cy)).to.equal(true);
    expect((await get('/artists/cy-gone/')).status).to.equal(200);
    expect(await lifecycle.remove('cy-gone')).to.deep.include({ removed: 'cy-gone' });
    for (const path of ['/artists/cy-gone/', '/artists/cy-gone/page/2/']) {
      const { status, headers, $ } = await get(path);
      expect(status, path).to.equal(410);
      expect(headers['content-security-policy'], path).to.equal(PAGE_CSP);
      expect($('h1').text(), path).to.equal('This page was taken down');
      expect($('main a[href="/"]').length, path).to.equal(1);
    }
    expect(await lifecycle.add(cy)).to.equal(true);
    expect((await get('/artists/cy-gone/')).status).to.equal(200);
  });

  it('reads no more than a page number allows: past the last page costs no Query', async () => {
    await get(`/artists/ana-ink/page/${MAX_PAGE_NUMBER + 1}/`);
    expect(commands).to.deep.equal([]);
    await get('/artists/ana-ink/page/2/');
    expect(commands.filter((c) => c === 'QueryCommand').length).to.be.at.most(4);
  });
});
