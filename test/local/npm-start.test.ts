// The whole system as `npm start` runs it, in real Chromium: the demo portfolio ingested on
// first run, the directory, an artist page whose every image loads without moving anything,
// the keyboard viewer, and a new image showing on reload. Then a restart keeps the data.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { ArtistsPage } from '../../core/api/contract.ts';
import { ArtistCovers } from '../../core/artists/artist-covers.ts';
import { DirectoryIndex } from '../../core/artists/directory-index.ts';
import { ImageRecords } from '../../core/images/image-records.ts';
import { deleteObjects } from '../../core/store/object-store.ts';
import { itemKeys, TABLE } from '../../core/store/table-schema.ts';
import { DEMO_ARTISTS } from '../../local/demo/demo-sources.ts';
import { uploadFlash } from '../../local/demo/upload-flash.ts';
import { type LocalSystem, startLocalSystem } from '../../local/local-system.ts';
import { CHROME_BASE_ARGS, findChrome } from '../../scraper/web/chrome.ts';

// Nothing but loopback resolves in this browser.
const NO_OUTSIDE = '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1';

describe('npm start: the whole system on one machine, in Chromium', function () {
  // First run: drawing and ingesting the demo portfolio, and building the site.
  this.timeout(300_000);
  let dataDir: string;
  let system: LocalSystem;
  let browser: Browser;
  /** What the first start said. */
  const log: string[] = [];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'npm-start-'));
    system = await startLocalSystem({ dataDir, port: 0, log: (line) => log.push(line) });
    browser = await puppeteer.launch({
      executablePath: findChrome(process.env.CHROME_PATH),
      args: [...CHROME_BASE_ARGS, NO_OUTSIDE],
    });
  });
  after(async () => {
    await browser?.close();
    await system?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A page that records console errors and failed requests, and measures layout shift. */
  async function open(path: string) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${(error as Error).message}`));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as { value: number }[])
          w.__cls += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${system.url}${path}`, { waitUntil: 'networkidle0' });
    return { page, problems };
  }

  /** Scrolls through the page so lazy images load, then waits for every one. */
  async function loadEveryImage(page: Page) {
    await page.evaluate(async () => {
      for (let y = 0; y <= document.body.scrollHeight; y += 400) {
        window.scrollTo(0, y);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await Promise.all(
        [...document.images].map((img) =>
          img.complete
            ? undefined
            : new Promise((resolve) => img.addEventListener('load', resolve, { once: true })),
        ),
      );
      window.scrollTo(0, 0);
    });
    await page.waitForNetworkIdle({ idleTime: 300 });
  }

  /** Loads each path in `page`, and every image on it. */
  async function visit(page: Page, paths: string[]) {
    for (const path of paths) {
      await page.goto(`${system.url}${path}`, { waitUntil: 'networkidle0' });
      await loadEveryImage(page);
    }
  }

  /**
   * Takes an image a test added out of the system again (its variants, original and record,
   * and its place as the artist's cover), so that no other test sees it.
   */
  async function removeImage(slug: string, imageId: string) {
    const { clients, config } = system.standIns;
    const record = await new ImageRecords(clients.dynamo, config.tableName).get(slug, imageId);
    if (!record) return;
    const variants = record.status === 'ok' ? record.variants.map((variant) => variant.key) : [];
    await deleteObjects(clients.s3, config.optimizedBucket, variants);
    await clients.s3.send(
      new DeleteObjectCommand({ Bucket: config.rawBucket, Key: record.rawKey }),
    );
    await clients.dynamo.send(
      new DeleteCommand({
        TableName: config.tableName,
        Key: {
          [TABLE.partitionKey]: itemKeys.artistPk(slug),
          [TABLE.sortKey]: itemKeys.imageSk(imageId),
        },
      }),
    );
    await new ArtistCovers(clients.dynamo, config.tableName).withdraw(slug, imageId);
    // As the optimizer would: the artist's styles without it.
    await new DirectoryIndex(clients.dynamo, config.tableName).refresh(slug);
  }

  const images = (page: Page) =>
    page.$$eval('#gallery img', (imgs) =>
      (imgs as HTMLImageElement[]).map((img) => ({
        naturalWidth: img.naturalWidth,
        currentSrc: img.currentSrc,
        width: img.getAttribute('width'),
        height: img.getAttribute('height'),
        loading: img.loading,
        priority: img.getAttribute('fetchpriority'),
      })),
    );

  it('ingested the demo artists through the state machine on first run', async () => {
    expect(log.join('\n')).to.include('First run');
    const listed = (await (await fetch(`${system.url}/api/artists`)).json()) as ArtistsPage;
    expect(listed.artists.map((a) => a.slug).sort()).to.deep.equal(
      DEMO_ARTISTS.map((a) => a.slug).sort(),
    );
    for (const artist of listed.artists) expect(artist.cover, artist.slug).to.not.equal(undefined);
  });

  it('goes from the directory to an artist page where every image loads, sharp and still', async () => {
    const directory = await open('/');
    const cards = await directory.page.$$eval('#artists a.card', (links) =>
      (links as HTMLAnchorElement[]).map((a) => new URL(a.href).pathname),
    );
    expect(cards.sort()).to.deep.equal(DEMO_ARTISTS.map((a) => `/artists/${a.slug}/`).sort());
    const target = DEMO_ARTISTS[1]?.slug ?? '';
    await Promise.all([
      directory.page.waitForNavigation({ waitUntil: 'networkidle0' }),
      directory.page.click(`#artists a.card[href$="/artists/${target}/"]`),
    ]);
    expect(directory.page.url()).to.equal(`${system.url}/artists/${target}/`);
    expect(directory.problems, log.join('\n')).to.deep.equal([]);
    await directory.page.close();

    const { page, problems } = await open(`/artists/${target}/`);
    await page.waitForSelector('#gallery .gallery-item');
    expect(await page.$eval('#artist-name', (h) => h.textContent)).to.equal(DEMO_ARTISTS[1]?.name);
    await loadEveryImage(page);
    const shown = await images(page);
    expect(shown).to.have.length(12);
    for (const image of shown) {
      expect(image.naturalWidth, image.currentSrc).to.be.above(0);
      expect(image.currentSrc).to.match(/\/img\/[a-z0-9-]+\/[0-9a-f]{16}\/\d+\.(avif|webp)$/);
      expect(Number(image.width)).to.be.above(0);
      expect(Number(image.height)).to.be.above(0);
    }
    expect(shown.slice(0, 3).map((i) => [i.loading, i.priority])).to.deep.equal([
      ['eager', 'high'],
      ['eager', 'high'],
      ['eager', 'high'],
    ]);
    expect(shown.slice(3).every((i) => i.loading === 'lazy')).to.equal(true);
    expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).to.equal(0);
    expect(problems, log.join('\n')).to.deep.equal([]);
    await page.close();
  });

  it('filters the directory by style and by city with plain links, and goes back', async () => {
    const { page, problems } = await open('/');
    const state = async () => {
      await page.waitForSelector('#artists:not([aria-busy])');
      await page.waitForNetworkIdle({ idleTime: 200 });
      return page.evaluate(() => ({
        path: location.pathname + location.search,
        cards: [...document.querySelectorAll<HTMLAnchorElement>('#artists a.card')].map(
          (a) => new URL(a.href).pathname.split('/')[2],
        ),
        chosen: [...document.querySelectorAll('#filters [aria-current="page"]')].map(
          (a) => a.textContent,
        ),
        cls: (window as unknown as { __cls: number }).__cls,
      }));
    };
    /** Follows a filter link as a visitor does: a navigation to its address. */
    const follow = async (selector: string) => {
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'networkidle0' }),
        page.click(selector),
      ]);
      return state();
    };
    const everyone = await state();
    expect(everyone.cards.sort()).to.deep.equal(['rosa-flash', 'tomo-lines']);
    expect(everyone.chosen).to.deep.equal(['All styles', 'All cities']);
    // The cards say each artist's styles.
    const chips = await page.$$eval('#artists a.card', (cards) =>
      Object.fromEntries(
        cards.map((card) => [
          new URL((card as HTMLAnchorElement).href).pathname.split('/')[2],
          [...card.querySelectorAll('.chip')].map((chip) => chip.textContent),
        ]),
      ),
    );
    expect(chips).to.deep.equal({
      'rosa-flash': ['Traditional', 'Flash'],
      'tomo-lines': ['Flash', 'Japanese', 'Blackwork'],
    });

    const japanese = await follow('#style-filters a[data-style="japanese"]');
    expect(japanese).to.deep.include({ path: '/?style=japanese', cards: ['tomo-lines'], cls: 0 });
    expect(japanese.chosen).to.deep.equal(['Japanese', 'All cities']);
    // The city links keep the style chosen.
    await page.waitForSelector('#city-filters a[href="/?city=osaka&style=japanese"]');
    const osaka = await follow('#city-filters a[href="/?city=osaka&style=japanese"]');
    expect(osaka).to.deep.include({
      path: '/?city=osaka&style=japanese',
      cards: ['tomo-lines'],
      cls: 0,
    });
    expect(osaka.chosen).to.deep.equal(['Japanese', 'Osaka']);
    // Back, and back again: each address shows what it showed.
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.goBack()]);
    expect(await state()).to.deep.include({ path: '/?style=japanese', cards: ['tomo-lines'] });
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.goBack()]);
    expect((await state()).cards.sort()).to.deep.equal(['rosa-flash', 'tomo-lines']);
    // A city alone, as a shared address would open it.
    await page.waitForSelector('#city-filters a[href="/?city=valencia"]');
    const valencia = await follow('#city-filters a[href="/?city=valencia"]');
    expect(valencia).to.deep.include({ path: '/?city=valencia', cards: ['rosa-flash'], cls: 0 });
    // Nobody draws realism in Valencia: the page says so, and offers everyone.
    const none = await follow('#style-filters a[data-style="realism"]');
    expect(none).to.deep.include({ path: '/?city=valencia&style=realism', cards: [] });
    expect(await page.$eval('#artists .status', (p) => p.textContent)).to.equal(
      'No artists here yet. See all artists',
    );
    expect(problems, log.join('\n')).to.deep.equal([]);
    await page.close();
  });

  it("shows each artist's call to action, and how fresh the portfolio is", async () => {
    for (const artist of DEMO_ARTISTS) {
      const { page, problems } = await open(`/artists/${artist.slug}/`);
      await page.waitForSelector('#gallery .gallery-item');
      const row = await page.$eval('#artist-booking', (p) => ({
        book: p.querySelector<HTMLAnchorElement>('a.book')?.href,
        state: p.querySelector('.books')?.textContent,
        note: p.querySelector('.books-note')?.textContent,
        contact: p.querySelector<HTMLAnchorElement>('a.contact')?.href,
      }));
      const { booking } = artist;
      // What the page passes back leaves out what it did not find; so does what is expected.
      const expected = {
        book: booking.url,
        state:
          booking.open === undefined ? undefined : booking.open ? 'Books open' : 'Books closed',
        note: booking.note,
        contact: booking.contact && `mailto:${booking.contact}`,
      };
      expect(row, artist.slug).to.deep.equal(JSON.parse(JSON.stringify(expected)));
      // How fresh the portfolio is: its sources were read on the first run, just now.
      expect(await page.$eval('#artist-meta', (p) => p.textContent)).to.equal(
        `${artist.studio} · ${artist.city} · updated today`,
      );
      expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).to.equal(0);
      expect(problems, log.join('\n')).to.deep.equal([]);
      await page.close();
    }
  });

  it('serves every image an artist page asks for from the bucket: none reaches the resize function', async () => {
    const paths = ['/', `/artists/${DEMO_ARTISTS[0]?.slug}/`];
    // A first visit on a desktop screen.
    const desktop = await browser.newPage();
    await desktop.setViewport({ width: 1280, height: 900 });
    await visit(desktop, paths);
    await desktop.close();
    // Phones at DPR 3 pick the widest rungs; the directory and the artist page both load.
    const before = { ...system.server.edge.stats };
    const page = await browser.newPage();
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 3, isMobile: true });
    const images: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/img/')) images.push(response.url());
    });
    await visit(page, paths);
    await page.close();
    expect(images.length).to.be.above(DEMO_ARTISTS.length);
    expect(
      images.every((url) => /\.avif$/.test(url)),
      images.join('\n'),
    ).to.equal(true);
    const { stats } = system.server.edge;
    expect(stats.bucket - before.bucket).to.be.above(0);
    expect(stats.resize - before.resize).to.equal(0);
    // Nor did anything before (the desktop visit above, the demo's ingest).
    expect(stats.resize).to.equal(0);
  });

  it('opens the viewer from the keyboard, moves with the arrows and closes with Escape', async () => {
    const { page, problems } = await open(`/artists/${DEMO_ARTISTS[0]?.slug}/`);
    await page.waitForSelector('#gallery .gallery-item');
    await page.focus('#gallery .gallery-item[data-index="0"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog#viewer[open]');
    expect(await page.$eval('#viewer-count', (c) => c.textContent)).to.match(/^1 of 12$/);
    await page.keyboard.press('ArrowRight');
    expect(await page.$eval('#viewer-count', (c) => c.textContent)).to.match(/^2 of 12$/);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('#viewer-figure img');
      return img?.complete && img.naturalWidth > 0;
    });
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog#viewer:not([open])');
    // Focus goes back to the gallery, where the keyboard user was.
    expect(
      await page.evaluate(() => document.activeElement?.classList.contains('gallery-item')),
    ).to.equal(true);
    expect(problems).to.deep.equal([]);
    await page.close();
  });

  it('shows an image ingested after the page was built on reload', async () => {
    const slug = DEMO_ARTISTS[0]?.slug ?? '';
    const { page } = await open(`/artists/${slug}/`);
    await page.waitForSelector('#gallery .gallery-item');
    const before = await page.$$eval('#gallery .gallery-item', (items) => items.length);
    // A motif the artist does not have (theirs are designs 0-11): not a copy of one of theirs.
    const [id = ''] = await uploadFlash(system.standIns, slug, [12], Date.now() + 60_000);
    try {
      await system.pipeline.drained();
      await page.reload({ waitUntil: 'networkidle0' });
      await page.waitForSelector('#gallery .gallery-item');
      expect(await page.$$eval('#gallery .gallery-item', (items) => items.length)).to.equal(
        before + 1,
      );
      const first = await page.$eval('#gallery img', (img) =>
        (img as HTMLImageElement).getAttribute('src'),
      );
      expect(first).to.include(`/${id}/`);
    } finally {
      await page.close();
      // The other tests count this artist's twelve images: once the optimizer is done with it.
      await system.pipeline.drained();
      await removeImage(slug, id);
    }
  });

  it('keeps its data across a restart and does not ingest the demo again', async () => {
    await system.close();
    const restartLog: string[] = [];
    system = await startLocalSystem({ dataDir, port: 0, log: (line) => restartLog.push(line) });
    expect(restartLog.join('\n')).not.to.include('First run');
    const listed = (await (await fetch(`${system.url}/api/artists`)).json()) as ArtistsPage;
    expect(listed.artists).to.have.length(DEMO_ARTISTS.length);
  });
});
