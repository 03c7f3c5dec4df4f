// A full disk mid-ingest (DATA_DIR on a small tmpfs): a clear message, no stack trace, nothing
// half-written kept; once there is room, the next ingest shows every photo.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ArtistRegistry, artistSchema } from '../../core/artists/artists.ts';
import { ImageRecords } from '../../core/images/image-records.ts';
import { BUCKETS } from '../../core/store/buckets.ts';
import { startStandIns } from '../../local/stand-ins.ts';
import { photo } from '../scraper/fixture-sites.ts';
import { type FixtureServer, reply, startFixtureServer } from '../support/fixture-server.ts';
import { LOOPBACK_SCRAPER_ENV } from '../support/loopback-scraper.ts';
import { processesLeft, startScript } from '../support/processes.ts';

const SCRAPER_ENV = LOOPBACK_SCRAPER_ENV;
const SEEDS = [1, 3, 4, 5, 6, 7, 8, 9];

function asRoot(command: string, args: string[]): void {
  if (process.getuid?.() === 0) execFileSync(command, args);
  else execFileSync('sudo', ['-n', command, ...args]);
}

function freeBytes(path: string): number {
  const out = execFileSync('df', ['-B1', '--output=avail', path], { encoding: 'utf8' });
  return Number(out.trim().split('\n').pop());
}

describe('faults: the disk fills up mid-ingest', function () {
  this.timeout(300_000);
  let site: FixtureServer;
  let mountPoint: string;
  let dataDir: string;

  before(async () => {
    site = await startFixtureServer({ '/robots.txt': reply(200, 'User-agent: *\nAllow: /\n') });
    const tags: string[] = [];
    for (const [n, seed] of SEEDS.entries()) {
      site.routes.set(
        `/work/${n}.jpg`,
        reply(200, await photo(seed, 2000, 2600), { 'content-type': 'image/jpeg' }),
      );
      tags.push(`<img src="/work/${n}.jpg" width="600" height="780">`);
    }
    site.routes.set(
      '/work/',
      reply(200, `<html><body>${tags.join('')}</body></html>`, { 'content-type': 'text/html' }),
    );
    mountPoint = await mkdtemp(join(tmpdir(), 'fault-disk-'));
    // A tmpfs of its own is the real full disk (root, or sudo as .ci/run uses for apt-get).
    asRoot('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint]);
    dataDir = join(mountPoint, 'data');
    const standIns = await startStandIns({ dataDir });
    await new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName).add(
      artistSchema.parse({ slug: 'max-full', name: 'Max', websites: [`${site.origin}/work/`] }),
    );
    await standIns.stop();
  });
  after(async () => {
    await site.close();
    if (mountPoint) {
      asRoot('umount', [mountPoint]);
      await rm(mountPoint, { recursive: true, force: true });
    }
  });

  it('says the disk is full, keeps nothing half-written, and the next ingest completes', async () => {
    // Room for a few originals and their ladders, not for all.
    const filler = join(mountPoint, 'filler');
    await writeFile(filler, Buffer.alloc(freeBytes(mountPoint) - 250_000));
    const full = startScript('ops/ingest-cli.ts', [], { ...SCRAPER_ENV, DATA_DIR: dataDir });
    const code = await full.exited;
    expect(await processesLeft(full.marker)).to.deep.equal([]);
    const stderr = full.stderr();
    expect(code, stderr).to.equal(1);
    expect(stderr).to.match(/disk is full/i);
    expect(stderr, 'a stack trace').not.to.match(/\n\s+at .+:\d+:\d+/);
    const root = join(dataDir, 's3', BUCKETS.raw.localName, 'originals', 'max-full');
    const storedBefore = existsSync(root)
      ? readdirSync(root).filter((f) => f.endsWith('._S3rver_object')).length
      : 0;
    expect(storedBefore).to.be.below(SEEDS.length);

    await rm(filler);
    const rerun = startScript('ops/ingest-cli.ts', [], { ...SCRAPER_ENV, DATA_DIR: dataDir });
    expect(await rerun.exited, rerun.stderr()).to.equal(0);
    const standIns = await startStandIns({ dataDir });
    try {
      const records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
      const states = await records.listStates('max-full', () => {});
      expect(states.filter((s) => s.status === 'ok')).to.have.length(SEEDS.length);
      expect(states).to.have.length(SEEDS.length);
      expect(readdirSync(root).filter((f) => f.endsWith('._S3rver_object'))).to.have.length(
        SEEDS.length,
      );
      // No temporary file is left behind.
      expect(
        readdirSync(dataDir, { recursive: true }).filter((f) => /\.partial-/.test(String(f))),
      ).to.deep.equal([]);
    } finally {
      await standIns.stop();
    }
  });
});
