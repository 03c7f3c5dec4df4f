import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readScraperConfig } from '../../scraper/config.ts';
import { type ImageLine, type ScrapeReport, scrapeArtist } from '../../scraper/scrape-artist.ts';
import { createScraper, type Scraper } from '../../scraper/scraper-runtime.ts';
import { directorySink } from '../../scraper/storage/image-sink.ts';
import { LOOPBACK_CHROME_ARGS } from '../support/loopback-scraper.ts';
import { photoHashes, storedHashes } from './fixture-photos.ts';
import { type PatternSites, startPatternSites } from './pattern-sites.ts';

const TEST_CHROME_ARGS = LOOPBACK_CHROME_ARGS;

describe('website discovery patterns in Chromium (pattern sites on 127.0.0.1)', function () {
  this.timeout(180_000);
  let sites: PatternSites;
  let scraper: Scraper;
  const dirs: string[] = [];

  before(async () => {
    sites = await startPatternSites();
    scraper = createScraper(
      readScraperConfig({
        SCRAPER_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        SCRAPER_HOST_DELAY_MS: '0',
        SCRAPER_PAGE_BUDGET: '6',
        SCRAPER_DOWNLOAD_TIMEOUT_MS: '5000',
        CHROME_ARGS: TEST_CHROME_ARGS,
      }),
    );
  });
  after(async () => {
    await scraper.close();
    await sites.close();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function scrape(
    path: string,
  ): Promise<{ report: ScrapeReport; lines: ImageLine[]; stored: string[] }> {
    const out = await mkdtemp(join(tmpdir(), 'patterns-'));
    dirs.push(out);
    const lines: ImageLine[] = [];
    const { report } = await scrapeArtist(
      { slug: 'fixture', websites: [`${sites.origin}${path}`] },
      { ...scraper.deps(await directorySink(out)), onImage: (line) => lines.push(line) },
    );
    return { report, lines, stored: storedHashes(await readdir(out)) };
  }
  const hashes = (paths: string[] = []) => photoHashes(sites.origin, paths);
  /** How each stored image was found, by its path. */
  const foundBy = (lines: ImageLine[]) =>
    Object.fromEntries(
      lines.flatMap((line) =>
        line.status === 'stored'
          ? [[new URL(line.url).pathname, line.provenance.foundBy?.join(',')]]
          : [],
      ),
    );

  it('a gallery fetched as JSON and grown by an IntersectionObserver: every piece, the same in five runs', async () => {
    const expected = await hashes(sites.expected.lazy);
    const runs: string[][] = [];
    for (let run = 0; run < 5; run++) runs.push((await scrape('/lazy/')).stored);
    expect(runs[0]).to.deep.equal(expected);
    for (const run of runs) expect(run).to.deep.equal(runs[0]);
    const { lines, report } = await scrape('/lazy/');
    expect(report).to.include({ browserPages: 1 });
    const how = foundBy(lines);
    expect(how['/lazy/p0.jpg']).to.equal('html,script');
    expect(how['/lazy/p12.jpg']).to.equal('html,scroll');
  });

  it('a menu written by script: the gallery pages it links are visited although the page has a photo', async () => {
    const { stored, report } = await scrape('/menu/');
    expect(stored).to.deep.equal(await hashes(sites.expected.menu));
    expect(report.pages).to.equal(3);
  });

  it('a gallery page listed only in the sitemap that robots.txt names is read, within the scope', async () => {
    const before = sites.requests.length;
    const { stored } = await scrape('/sm/');
    expect(stored).to.deep.equal(await hashes(sites.expected.sitemap));
    // The sitemap's page of another part of the site is out of this scope.
    expect(sites.requests.slice(before)).to.include('/sitemap-pages.xml');
    expect(sites.requests.slice(before)).not.to.include('/menu/flash/');
  });

  it('thumbnails: the full size from the link, a lightbox attribute or the script items; no thumbnail stored', async () => {
    const { stored, lines } = await scrape('/thumbs/');
    expect(stored).to.deep.equal(await hashes(sites.expected.thumbs));
    for (const thumb of await hashes(sites.never.thumbs)) expect(stored).not.to.include(thumb);
    const how = foundBy(lines);
    expect(how['/thumbs/full/1.jpg']).to.match(/^link/);
    expect(how['/thumbs/full/2.jpg']).to.match(/^lightbox/);
    expect(how['/thumbs/full/3.jpg']).to.equal('network,script');
    const leftOut = lines.filter((line) => line.status === 'left-out').map((line) => line.url);
    expect(leftOut).to.include.members(
      (sites.never.thumbs ?? []).map((path) => `${sites.origin}${path}`),
    );
  });

  it('tabs and "load more": clicked until nothing new appears; nothing posted, no popup', async () => {
    const { stored, lines } = await scrape('/tabs/');
    expect(stored).to.deep.equal(await hashes(sites.expected.tabs));
    expect(foundBy(lines)['/tabs/flash-1.jpg']).to.equal('html,reveal');
    expect(foundBy(lines)['/tabs/more-4.jpg']).to.equal('html,reveal');
    for (const path of ['/tabs/contact', '/tabs/like', '/tabs/late', '/tabs/beacon', '/tabs/popup'])
      expect(sites.requests, path).not.to.include(path);
  });

  it('site chrome is left out with its reason: an image on every page, the about section, the artist portrait', async () => {
    const { stored, lines } = await scrape('/chrome/');
    expect(stored).to.deep.equal(await hashes(sites.expected.chrome));
    const reasons = Object.fromEntries(
      lines.flatMap((line) =>
        line.status === 'left-out' ? [[new URL(line.url).pathname, line.reason]] : [],
      ),
    );
    expect(reasons).to.deep.include({
      '/chrome/brandedmain.png': 'site chrome: shown on 5 of the 5 pages read',
      '/chrome/shop.jpg': 'site chrome: in the page\'s "about" section, not its gallery',
      '/chrome/ana.jpg':
        'site chrome: its alt text describes a person or a place ("Ana, tattoo artist")',
    });
  });

  it("an artist's page on a studio site: that page and its gallery pages, never a sibling artist's", async () => {
    const { stored } = await scrape('/studio/artists/ana/');
    expect(stored).to.deep.equal(await hashes(sites.expected.studio));
    expect(sites.requests).not.to.include('/studio/artists/bob/');
    expect(sites.requests).not.to.include('/studio/artists/bob/skull.jpg');
  });
});
