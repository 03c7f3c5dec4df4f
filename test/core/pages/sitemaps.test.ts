// The sitemaps and robots.txt: every artist's page with its images, every directory page, an
// index naming them, within the protocol's limits; read back with the same package's parser.
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { parseSitemap, parseSitemapIndex } from 'sitemap';
import { PAGE_SIZE } from '../../../core/pages/page-service.ts';
import {
  ARTISTS_PER_SITEMAP,
  artistsSitemapXml,
  directorySitemapXml,
  robotsTxt,
  sitemapIndexXml,
  sitemapPaths,
} from '../../../core/pages/sitemaps.ts';

const SITE = { origin: 'https://tattoo.example', name: 'Tattoo portfolios' };

describe('The sitemaps and robots.txt (core/pages/sitemaps.ts)', () => {
  it("lists each artist's page with when it changed and its images", async () => {
    const xml = await artistsSitemapXml(SITE, [
      {
        slug: 'ana-ink',
        lastmod: '2026-12-05T12:00:00.000Z',
        images: ['/img/ana-ink/aa/1200.webp', '/img/ana-ink/bb/1200.webp'],
      },
      { slug: 'bo-lines', images: [] },
    ]);
    const items = await parseSitemap(Readable.from([xml]));
    expect(items.map((item) => [item.url, item.lastmod, item.img.map((i) => i.url)])).to.deep.equal(
      [
        [
          'https://tattoo.example/artists/ana-ink/',
          '2026-12-05T12:00:00.000Z',
          [
            'https://tattoo.example/img/ana-ink/aa/1200.webp',
            'https://tattoo.example/img/ana-ink/bb/1200.webp',
          ],
        ],
        ['https://tattoo.example/artists/bo-lines/', undefined, []],
      ],
    );
  });

  it("lists a page's worth of images an artist, and at most ARTISTS_PER_SITEMAP artists a file", async () => {
    const images = Array.from({ length: PAGE_SIZE + 5 }, (_, i) => `/img/ana-ink/${i}/640.webp`);
    const [item] = await parseSitemap(
      Readable.from([await artistsSitemapXml(SITE, [{ slug: 'ana-ink', images }])]),
    );
    expect(item?.img).to.have.length(PAGE_SIZE);
    const many = Array.from({ length: ARTISTS_PER_SITEMAP + 1 }, (_, i) => ({
      slug: `a-${i}`,
      images: [],
    }));
    let error: unknown;
    await artistsSitemapXml(SITE, many).catch((e: unknown) => {
      error = e;
    });
    expect((error as Error).message).to.equal(
      `Expected at most ${ARTISTS_PER_SITEMAP} artists in one sitemap but received ${ARTISTS_PER_SITEMAP + 1}`,
    );
  });

  it('drops a date it cannot read rather than the file, and writes an empty sitemap for no artists', async () => {
    const xml = await artistsSitemapXml(SITE, [
      { slug: 'ana-ink', lastmod: 'yesterday', images: [] },
    ]);
    const items = await parseSitemap(Readable.from([xml]));
    expect(items.map((item) => [item.url, item.lastmod])).to.deep.equal([
      ['https://tattoo.example/artists/ana-ink/', undefined],
    ]);
    const empty = await artistsSitemapXml(SITE, []);
    expect(await parseSitemap(Readable.from([empty]))).to.deep.equal([]);
  });

  it("lists the directory's pages: home, cities, styles and both", async () => {
    const xml = await directorySitemapXml(SITE, [
      { city: 'lyon' },
      { style: 'blackwork' },
      { city: 'lyon', style: 'blackwork', lastmod: '2026-12-01T00:00:00.000Z' },
    ]);
    const items = await parseSitemap(Readable.from([xml]));
    expect(items.map((item) => item.url)).to.deep.equal([
      'https://tattoo.example/',
      'https://tattoo.example/cities/lyon/',
      'https://tattoo.example/styles/blackwork/',
      'https://tattoo.example/cities/lyon/blackwork/',
    ]);
    expect(items[3]?.lastmod).to.equal('2026-12-01T00:00:00.000Z');
  });

  it('indexes the sitemaps, and robots.txt names the index', async () => {
    const xml = await sitemapIndexXml(SITE, [
      { path: sitemapPaths.artists(1), lastmod: '2026-12-05T12:00:00.000Z' },
      { path: sitemapPaths.directory },
    ]);
    const items = await parseSitemapIndex(Readable.from([xml]));
    expect(items.map((item) => item.url)).to.deep.equal([
      'https://tattoo.example/sitemaps/artists-1.xml',
      'https://tattoo.example/sitemaps/directory.xml',
    ]);
    expect(robotsTxt(SITE)).to.equal(
      'User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: https://tattoo.example/sitemap.xml\n',
    );
  });
});
