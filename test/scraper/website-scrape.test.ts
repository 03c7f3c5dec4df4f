import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { imageIdFromSha256 } from '../../core/vocabulary/identifiers.ts';
import { readScraperConfig } from '../../scraper/config.ts';
import { type ImageLine, type ScrapeReport, scrapeArtist } from '../../scraper/scrape-artist.ts';
import { createScraper, type Scraper } from '../../scraper/scraper-runtime.ts';
import { directorySink } from '../../scraper/storage/image-sink.ts';
import { reply, startFixtureServer } from '../support/fixture-server.ts';
import { LOOPBACK_CHROME_ARGS } from '../support/loopback-scraper.ts';
import { startFakeInstagram } from './fake-instagram.ts';
import { photoHashes, storedHashes } from './fixture-photos.ts';
import { type FixtureSites, photo, startFixtureSites } from './fixture-sites.ts';

const TEST_CHROME_ARGS = LOOPBACK_CHROME_ARGS;

describe('website scrape in Chromium (fixture studio sites on 127.0.0.1)', function () {
  this.timeout(120_000);
  let sites: FixtureSites;
  let scraper: Scraper;
  let out: string;

  before(async () => {
    sites = await startFixtureSites();
    scraper = createScraper(
      readScraperConfig({
        SCRAPER_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        SCRAPER_HOST_DELAY_MS: '0',
        SCRAPER_PAGE_BUDGET: '5',
        SCRAPER_MAX_IMAGE_BYTES: String(5 * 1024 * 1024),
        SCRAPER_IDLE_TIMEOUT_MS: '1500',
        SCRAPER_DOWNLOAD_TIMEOUT_MS: '5000',
        CHROME_ARGS: TEST_CHROME_ARGS,
      }),
    );
  });
  after(async () => {
    await scraper.close();
    await sites.close();
  });
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'scrape-'));
  });
  afterEach(() => rm(out, { recursive: true, force: true }));

  async function scrape(
    path: string,
  ): Promise<{ report: ScrapeReport; lines: ImageLine[]; files: string[] }> {
    const lines: ImageLine[] = [];
    const deps = scraper.deps(await directorySink(out));
    const { report } = await scrapeArtist(
      { slug: 'fixture', websites: [`${sites.origin}${path}`] },
      { ...deps, onImage: (line) => lines.push(line) },
    );
    return { report, lines, files: (await readdir(out)).sort() };
  }

  async function expectPhotos(files: string[], paths: string[]) {
    expect(storedHashes(files)).to.deep.equal(await photoHashes(sites.origin, paths));
  }

  it('WordPress-like gallery: full-size originals from srcset renditions, over two pages, no logo or pixel', async () => {
    const { report, files, lines } = await scrape('/wp/');
    await expectPhotos(files, sites.expected.wp ?? []);
    expect(report).to.include({ stored: 3, refused: 0 });
    const stored = lines.filter((l) => l.status === 'stored');
    expect(stored.map((l) => l.url).sort()).to.deep.equal(
      (sites.expected.wp ?? []).map((p) => `${sites.origin}${p}`).sort(),
    );
    expect(stored[0]?.status === 'stored' && stored[0].provenance).to.deep.include({
      source: 'website',
    });
  });

  it('Squarespace-like: data-src and noscript, at format=original', async () => {
    const { files } = await scrape('/sq/');
    await expectPhotos(files, sites.expected.sq ?? []);
  });

  it('Wix-like gallery rendered by script: escalates to the browser and finds the originals', async () => {
    const { report, files } = await scrape('/wix/');
    await expectPhotos(files, sites.expected.wix ?? []);
    expect(report).to.include({ pages: 1, browserPages: 1 }); // read plain, then in Chromium
  });

  it('infinite scroll: scrolls until the feed stops growing', async () => {
    const { files, report } = await scrape('/scroll/');
    await expectPhotos(files, sites.expected.scroll ?? []);
    expect(report.sources.map((read) => read.outcome)).to.deep.equal(['ok']);
  });

  it('infinite scroll cut short by the browser’s time: the read is partial, not complete', async () => {
    const deps = scraper.deps(await directorySink(out));
    const { report, holdings } = await scrapeArtist(
      { slug: 'fixture', websites: [`${sites.origin}/scroll/`] },
      { ...deps, website: { ...deps.website, render: { pageMs: 250 } } },
    );
    expect(report.sources[0]).to.deep.include({
      outcome: 'partial',
      reason: '1 page longer than is read',
      complete: false,
    });
    expect(holdings[0]?.complete).to.equal(false);
  });

  it('CSS background tiles and a Shopify rendition', async () => {
    const { files } = await scrape('/tiles/');
    await expectPhotos(files, sites.expected.tiles ?? []);
  });

  it('hostile images: each refused for its reason, only the good photo stored', async () => {
    const { files, lines, report } = await scrape('/hostile/');
    expect(report.refusedBy).to.deep.equal({
      'file-too-large': 1,
      timeout: 1,
      'unsupported-format': 1,
      'blocked-address': 1,
    });
    await expectPhotos(files, sites.expected.hostile ?? []);
    const refused = Object.fromEntries(
      lines.flatMap((l) =>
        l.status === 'refused' ? [[l.url.replace(sites.origin, ''), l.code]] : [],
      ),
    );
    expect(refused).to.deep.equal({
      '/hostile/huge.jpg': 'file-too-large',
      '/hostile/drip.jpg': 'timeout',
      '/hostile/page.jpg': 'unsupported-format',
      '/hostile/elsewhere.jpg': 'blocked-address',
    });
  });

  it('robots.txt disallowing the gallery: the gallery page is never requested', async () => {
    const site = await startFixtureServer({
      '/robots.txt': reply(200, 'User-agent: *\nDisallow: /gallery/\n'),
      '/': reply(200, '<a href="/gallery/">Gallery</a>', { 'content-type': 'text/html' }),
      '/gallery/': reply(200, '<img src="/gallery/a.jpg">', { 'content-type': 'text/html' }),
    });
    try {
      const deps = scraper.deps(await directorySink(out));
      const { report } = await scrapeArtist(
        { slug: 'fixture', websites: [`${site.origin}/`] },
        deps,
      );
      expect(site.requests).not.to.include('/gallery/');
      expect(report).to.include({ robotsBlocked: 1, stored: 0 });
    } finally {
      await site.close();
    }
  });

  it('robots.txt answering 503: nothing but robots.txt is requested', async () => {
    const site = await startFixtureServer({
      '/robots.txt': reply(503, 'down'),
      '/': reply(200, '<img src="/a.jpg">', { 'content-type': 'text/html' }),
    });
    try {
      const deps = scraper.deps(await directorySink(out));
      const { report } = await scrapeArtist(
        { slug: 'fixture', websites: [`${site.origin}/`] },
        deps,
      );
      expect(site.requests).to.deep.equal(['/robots.txt']);
      expect(report).to.include({ robotsBlocked: 1, pages: 0, stored: 0 });
    } finally {
      await site.close();
    }
  });

  it('Instagram and website together: every image stored once with its provenance', async () => {
    const instagram = await startFakeInstagram();
    const photos = new Map<string, Buffer>();
    instagram.routes.set('/robots.txt', reply(200, 'User-agent: *\nDisallow: /\n'));
    for (const [i, name] of ['edge-1', 'edge-2a', 'edge-2b', 'edge-4'].entries()) {
      const body = await photo(500 + i);
      photos.set(name, body);
      instagram.routes.set(
        `/media/${name}.jpg`,
        reply(200, body, { 'content-type': 'image/jpeg' }),
      );
    }
    const ig = createScraper(
      readScraperConfig({
        SCRAPER_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        SCRAPER_HOST_DELAY_MS: '0',
        INSTAGRAM_BASE_URL: instagram.origin,
        CHROME_ARGS: TEST_CHROME_ARGS,
      }),
    );
    try {
      const lines: ImageLine[] = [];
      const deps = ig.deps(await directorySink(out));
      const artist = {
        slug: 'fixture',
        websites: [`${sites.origin}/sq/`],
        instagram: 'edge.artist',
      };
      const { report, holdings } = await scrapeArtist(artist, {
        ...deps,
        onImage: (line) => lines.push(line),
      });
      expect(report.instagram).to.deep.equal({ source: 'web', status: 'ok', posts: 4 });
      // Each source holds the images it showed, by id: both were read whole.
      const held = (of: typeof holdings) =>
        of.map(({ source, imageIds, complete }) => ({
          source,
          images: imageIds.length,
          complete,
        }));
      expect(held(holdings)).to.deep.equal([
        { source: 'instagram', images: 4, complete: true },
        { source: 'website', images: 2, complete: true },
      ]);
      const instagramIds = new Set(holdings[0]?.imageIds);
      expect(instagramIds).to.deep.equal(
        new Set(
          [...photos.values()].map((body) =>
            imageIdFromSha256(createHash('sha256').update(body).digest('hex')),
          ),
        ),
      );
      expect(report).to.include({ stored: 6, refused: 0 });
      const first = lines.find((l) => l.url.endsWith('/media/edge-1.jpg'));
      expect(first?.status === 'stored' && first.provenance).to.deep.include({
        source: 'instagram',
        permalink: `${instagram.origin}/p/SC1/`,
        caption: 'Caption 1 🌹',
        takenAt: new Date(1_700_000_001_000).toISOString(),
      });
      // A second run knows every URL and downloads nothing; the known URLs name the same images.
      const second = await scrapeArtist(artist, deps);
      expect(second.report).to.include({ stored: 0, duplicates: 6 });
      expect(second.holdings).to.deep.equal(
        holdings.map((holding, k) => ({
          ...holding,
          attemptedAt: second.holdings[k]?.attemptedAt,
        })),
      );
      // Reading fewer posts than the account has is not a complete read of it.
      const newest = await scrapeArtist(artist, { ...deps, maxPosts: 2 });
      expect(held(newest.holdings)).to.deep.include({
        source: 'instagram',
        images: newest.holdings[0]?.imageIds.length,
        complete: false,
      });
      expect(newest.holdings[0]?.imageIds.every((id) => instagramIds.has(id))).to.equal(true);
    } finally {
      await ig.close();
      await instagram.close();
    }
  });

  it('in Chromium, requests the page makes to a non-allowlisted loopback address are blocked', async () => {
    // Something listens there, so a request that got through would be seen.
    const hidden = await startFixtureServer({}, '127.0.0.2', sites.port);
    sites.routes.set(
      '/sneaky/',
      reply(
        200,
        `<html><body><div id="g"></div><script>
          try { new WebSocket('ws://127.0.0.2:${sites.port}/socket'); } catch {}
          fetch('http://127.0.0.2:${sites.port}/internal').catch(() => {});
          document.getElementById('g').innerHTML = '<img src="http://127.0.0.2:${sites.port}/secret.jpg">';
        </script></body></html>`,
        { 'content-type': 'text/html' },
      ),
    );
    // This browser may resolve 127.0.0.2 too, so only the guard stands in the way.
    const exposed = createScraper(
      readScraperConfig({
        SCRAPER_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        SCRAPER_HOST_DELAY_MS: '0',
        CHROME_ARGS: `${TEST_CHROME_ARGS} , EXCLUDE 127.0.0.2`,
      }),
    );
    const deps = exposed.deps(await directorySink(out));
    const { scrapeWebsite } = await import('../../scraper/website/website-source.ts');
    const result = await scrapeWebsite([`${sites.origin}/sneaky/`], {
      ...deps.website,
      fetch: deps.fetch,
      robots: deps.robots,
    });
    const blocked = result.skipped.filter((s) =>
      s.reason.startsWith('Refused to connect to 127.0.0.2'),
    );
    expect(blocked.map((s) => new URL(s.url).pathname).sort()).to.include.members([
      '/internal',
      '/secret.jpg',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await exposed.close();
    await hidden.close();
    expect(hidden.requests).to.deep.equal([]);
    expect(hidden.connections(), 'TCP connections to 127.0.0.2').to.equal(0);
  });

  it('endless pagination stops at the page budget', async () => {
    const { report, files } = await scrape('/endless/page/1/');
    expect(report.pages).to.equal(5);
    await expectPhotos(
      files,
      [1, 2, 3, 4, 5].map((i) => `/endless/photo-${i}.jpg`),
    );
  });
});
