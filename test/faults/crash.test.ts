// Power cuts: an ingest killed (SIGKILL, everything it started) mid-scrape and while the
// optimizer drains, the first `npm start` killed during the demo; then SIGTERM to the npm
// process of `npm start`. Each rerun ends with every image shown, no original without a
// record, no duplicate record, and no process left.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ArtistRegistry, artistSchema } from '../../core/artists/artists.ts';
import { ImageRecords } from '../../core/images/image-records.ts';
import { BUCKETS } from '../../core/store/buckets.ts';
import { DEMO_ARTISTS } from '../../local/demo/demo-sources.ts';
import { DEMO_MARKER } from '../../local/local-system.ts';
import { startStandIns } from '../../local/stand-ins.ts';
import { photo } from '../scraper/fixture-sites.ts';
import { type FixtureServer, reply, startFixtureServer } from '../support/fixture-server.ts';
import { LOOPBACK_SCRAPER_ENV } from '../support/loopback-scraper.ts';
import {
  freePort,
  processesLeft,
  startCommand,
  startScript,
  waitFor,
} from '../support/processes.ts';

const SCRAPER_ENV = LOOPBACK_SCRAPER_ENV;
const PHOTOS = 8;

/** Originals stored under DATA_DIR, as files of the S3 stand-in (never half-written ones). */
function originalsOnDisk(dataDir: string): number {
  const root = join(dataDir, 's3', BUCKETS.raw.localName, 'originals');
  if (!existsSync(root)) return 0;
  return readdirSync(root, { recursive: true }).filter((name) =>
    String(name).endsWith('._S3rver_object'),
  ).length;
}

/** Per artist: originals, their records (all shown), compared. */
async function stateOf(dataDir: string, slugs: string[]) {
  const standIns = await startStandIns({ dataDir });
  try {
    const records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
    const result: Record<string, { originals: number; shown: number; records: number }> = {};
    for (const slug of slugs) {
      const states = await records.listStates(slug, () => {});
      result[slug] = {
        originals: readdirSync(
          join(dataDir, 's3', BUCKETS.raw.localName, 'originals', slug),
        ).filter((name) => name.endsWith('._S3rver_object')).length,
        shown: states.filter((s) => s.status === 'ok').length,
        records: states.length,
      };
    }
    return result;
  } finally {
    await standIns.stop();
  }
}

describe('faults: killed part-way, then run again', function () {
  this.timeout(300_000);
  let site: FixtureServer;
  const dirs: string[] = [];

  before(async () => {
    site = await startFixtureServer();
    // Large photos, each a little slow to come: the optimizer is still busy when the last
    // original is stored, and a kill can land mid-scrape.
    const tags: string[] = [];
    // Seeds whose photos no perceptual hash takes for copies of each other at this size.
    for (const [n, seed] of [1, 3, 4, 5, 6, 7, 8, 9].entries()) {
      const bytes = await photo(seed, 2000, 2600);
      site.routes.set(`/work/${n}.jpg`, (_req, res) => {
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes);
        }, 150);
      });
      tags.push(`<img src="/work/${n}.jpg" width="600" height="780">`);
    }
    site.routes.set('/robots.txt', reply(200, 'User-agent: *\nAllow: /\n'));
    site.routes.set(
      '/work/',
      reply(200, `<html><body>${tags.join('')}</body></html>`, { 'content-type': 'text/html' }),
    );
  });
  after(async () => {
    await site.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function dataDirWithArtist(slug: string): Promise<string> {
    const dataDir = await mkdtemp(join(tmpdir(), 'fault-crash-'));
    dirs.push(dataDir);
    const standIns = await startStandIns({ dataDir });
    await new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName).add(
      artistSchema.parse({ slug, name: slug, websites: [`${site.origin}/work/`] }),
    );
    await standIns.stop();
    return dataDir;
  }

  async function ingestToTheEnd(dataDir: string) {
    const rerun = startScript('ops/ingest-cli.ts', [], { ...SCRAPER_ENV, DATA_DIR: dataDir });
    expect(await rerun.exited, rerun.stderr()).to.equal(0);
    expect(await processesLeft(rerun.marker), 'processes left behind').to.deep.equal([]);
    return rerun;
  }

  it('an ingest killed mid-scrape: the rerun stores the rest and shows every photo', async () => {
    const dataDir = await dataDirWithArtist('kim-mid');
    const run = startScript('ops/ingest-cli.ts', [], { ...SCRAPER_ENV, DATA_DIR: dataDir });
    await waitFor(() => originalsOnDisk(dataDir) >= 3, 'three originals stored');
    run.killAll();
    await run.exited;
    expect(await processesLeft(run.marker), 'processes left by the kill').to.deep.equal([]);
    expect(originalsOnDisk(dataDir)).to.be.below(PHOTOS);

    await ingestToTheEnd(dataDir);
    expect(await stateOf(dataDir, ['kim-mid'])).to.deep.equal({
      'kim-mid': { originals: PHOTOS, shown: PHOTOS, records: PHOTOS },
    });
  });

  it('an ingest killed while the optimizer drains: the rerun reconciles first', async () => {
    const dataDir = await dataDirWithArtist('lou-drain');
    const run = startScript('ops/ingest-cli.ts', [], { ...SCRAPER_ENV, DATA_DIR: dataDir });
    await waitFor(() => originalsOnDisk(dataDir) === PHOTOS, 'every original stored');
    run.killAll();
    await run.exited;
    const killed = (await stateOf(dataDir, ['lou-drain']))['lou-drain'];
    // The kill came before the optimizer was done: originals without records.
    expect(killed?.originals).to.equal(PHOTOS);
    expect(killed?.records).to.be.below(PHOTOS);

    const rerun = await ingestToTheEnd(dataDir);
    expect(rerun.stderr()).to.match(/Reconciled: \d+ originals without a record processed again/);
    expect(await stateOf(dataDir, ['lou-drain'])).to.deep.equal({
      'lou-drain': { originals: PHOTOS, shown: PHOTOS, records: PHOTOS },
    });
    // Nothing new for the scraper: the URLs were known, the originals whole.
    expect(JSON.parse(rerun.stdout()).originals).to.deep.equal({
      stored: 0,
      known: PHOTOS,
      refused: 0,
      errored: 0,
    });
  });

  describe('npm start', () => {
    let dataDir: string;
    const demoImages = DEMO_ARTISTS.reduce((sum, artist) => sum + artist.designs.length, 0);

    async function shownByTheApi(origin: string): Promise<number> {
      let shown = 0;
      for (const artist of DEMO_ARTISTS) {
        const response = await fetch(`${origin}/api/artists/${artist.slug}`);
        expect(response.status, artist.slug).to.equal(200);
        shown += ((await response.json()) as { images: unknown[] }).images.length;
      }
      return shown;
    }

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'fault-start-'));
      dirs.push(dataDir);
    });

    it('the first start killed during the demo: the next one completes it', async () => {
      const port = await freePort();
      const env = { DATA_DIR: dataDir, PORT: String(port) };
      const first = startScript('local/start.ts', [], env);
      await waitFor(() => originalsOnDisk(dataDir) >= 6, 'the demo under way', 240_000);
      first.killAll();
      await first.exited;
      expect(await processesLeft(first.marker)).to.deep.equal([]);
      expect(existsSync(join(dataDir, DEMO_MARKER))).to.equal(false);

      const second = startScript('local/start.ts', [], env);
      await waitFor(() => /Portfolio running at/.test(second.stderr()), 'the restart', 240_000);
      expect(await shownByTheApi(`http://127.0.0.1:${port}`)).to.equal(demoImages);
      expect(existsSync(join(dataDir, DEMO_MARKER))).to.equal(true);
      second.child.kill('SIGTERM');
      expect(await second.exited).to.equal(0);
    });

    it('SIGTERM to the npm process alone stops the server, its children and the lock', async () => {
      const port = await freePort();
      const npm = startCommand('npm', ['start'], { DATA_DIR: dataDir, PORT: String(port) });
      await waitFor(() => /Portfolio running at/.test(npm.stderr()), 'the server', 120_000);
      expect(await shownByTheApi(`http://127.0.0.1:${port}`)).to.equal(demoImages);
      process.kill(npm.child.pid as number, 'SIGTERM');
      await npm.exited;
      expect(await processesLeft(npm.marker), 'processes left behind').to.deep.equal([]);
      // Nothing answers any more, and the data is free for the next command.
      const after = await fetch(`http://127.0.0.1:${port}/api/artists`).then(
        () => 'answered',
        () => 'refused',
      );
      expect(after).to.equal('refused');
      const standIns = await startStandIns({ dataDir });
      await standIns.stop();
    });
  });
});
