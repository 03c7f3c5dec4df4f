// The scraper image's code as the Dockerfile ships it: the bundle and its runtime packages,
// copied alone outside the repository (no node_modules above it to stand in for one missing),
// run by Node on a batch of loopback sites against the stand-ins.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HeadObjectCommand, ListObjectsCommand } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { parseRawKey } from '../../core/images/object-keys.ts';
import { batchReportSchema, RunReports } from '../../core/ingest/run-reports.ts';
import { type StandIns, startStandIns } from '../../local/stand-ins.ts';
import { bundleScraper, SCRAPER_ENTRY } from '../../scraper/bundle.ts';
import { reply } from '../support/fixture-server.ts';
import { LOOPBACK_SCRAPER_ENV } from '../support/loopback-scraper.ts';
import { processesLeft } from '../support/processes.ts';
import { type FakeInstagram, startFakeInstagram } from './fake-instagram.ts';
import { type FixtureSites, photo, startFixtureSites } from './fixture-sites.ts';

const run = promisify(execFile);

/** The packages a node_modules folder holds (scoped ones by their full name). */
async function packagesIn(nodeModules: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(nodeModules)) {
    if (entry.startsWith('.')) continue;
    if (!entry.startsWith('@')) names.push(entry);
    else
      for (const scoped of await readdir(join(nodeModules, entry)))
        names.push(`${entry}/${scoped}`);
  }
  return names.sort();
}

/** `name` and every package it depends on that is installed in `nodeModules`. */
async function withDependencies(nodeModules: string, name: string, seen = new Set<string>()) {
  if (seen.has(name)) return seen;
  let manifest: { dependencies?: object; optionalDependencies?: object };
  try {
    manifest = JSON.parse(await readFile(join(nodeModules, name, 'package.json'), 'utf8'));
  } catch {
    // An optional dependency for another platform: not installed.
    return seen;
  }
  seen.add(name);
  for (const dependency of Object.keys({
    ...manifest.dependencies,
    ...manifest.optionalDependencies,
  }))
    await withDependencies(nodeModules, dependency, seen);
  return seen;
}

describe('the scraper image’s bundle, run alone', function () {
  this.timeout(120_000);
  let alone: string;
  let sites: FixtureSites;
  let instagram: FakeInstagram;
  let standIns: StandIns;

  before(async () => {
    const bundle = bundleScraper();
    // What the Dockerfile's runtime stage copies from its build stage, and nothing else.
    alone = await mkdtemp(join(tmpdir(), 'scraper-image-'));
    await cp(bundle.dir, alone, { recursive: true });
    sites = await startFixtureSites();
    instagram = await startFakeInstagram();
    for (const [i, name] of ['edge-1', 'edge-2a', 'edge-2b', 'edge-4'].entries()) {
      const body = await photo(700 + i);
      instagram.routes.set(
        `/media/${name}.jpg`,
        reply(200, body, { 'content-type': 'image/jpeg' }),
      );
    }
    standIns = await startStandIns();
  });
  after(async () => {
    await standIns?.stop();
    await instagram?.close();
    await sites?.close();
    if (alone) await rm(alone, { recursive: true, force: true });
  });

  it('holds the bundle, sharp with its linux-x64 binary and jQuery, and no other package', async () => {
    expect((await readdir(alone)).sort()).to.deep.equal([
      SCRAPER_ENTRY,
      'node_modules',
      'package.json',
    ]);
    const nodeModules = join(alone, 'node_modules');
    const allowed = await withDependencies(nodeModules, 'sharp', new Set(['jquery']));
    expect(allowed).to.include('@img/sharp-linux-x64');
    expect(await packagesIn(nodeModules)).to.deep.equal([...allowed].sort());
  });

  it('scrapes a batch: each artist’s originals stored with provenance, one report per artist on stdout and in the run, no Chromium left', async () => {
    const marker = `PORTFOLIO_TRACE_RUN=${randomUUID()}`;
    const [markerName, markerValue] = marker.split('=') as [string, string];
    const batch = [
      { slug: 'sq-studio', websites: [`${sites.origin}/sq/`], instagram: 'edge.artist' },
      // Its gallery is a second page that only a browser finds.
      { slug: 'wp-studio', websites: [`${sites.origin}/wp/`] },
    ];
    const { stdout, stderr } = await run(process.execPath, [SCRAPER_ENTRY], {
      cwd: alone,
      // Nothing of this process's environment (NODE_PATH, NODE_OPTIONS) reaches the task.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? alone,
        ...(process.env.CHROME_PATH && { CHROME_PATH: process.env.CHROME_PATH }),
        ...standIns.env,
        ...LOOPBACK_SCRAPER_ENV,
        INSTAGRAM_BASE_URL: instagram.origin,
        INGEST_RUN_ID: 'bundle-run',
        SCRAPER_BATCH: JSON.stringify(batch),
        [markerName]: markerValue,
      },
    });
    expect(stderr).to.contain('0 of 2 artists failed');
    const reports = stdout
      .trim()
      .split('\n')
      .map((line) => batchReportSchema.parse(JSON.parse(line)));
    expect(reports.map((r) => [r.artist, r.status, r.stored, r.errors])).to.deep.equal([
      ['sq-studio', 'done', 2 + 4, []],
      ['wp-studio', 'done', 3, []],
    ]);
    expect(reports[0]?.instagram).to.deep.equal({ source: 'web', status: 'ok', posts: 4 });
    expect(reports[1]?.browserPages).to.be.above(0);

    const { clients, config } = standIns;
    const { Contents } = await clients.s3.send(
      new ListObjectsCommand({ Bucket: config.rawBucket, Prefix: 'originals/' }),
    );
    const keys = (Contents ?? []).map((object) => object.Key ?? '');
    const slugs = keys.map((key) => parseRawKey(key)?.slug);
    expect(slugs.filter((slug) => slug === 'sq-studio')).to.have.length(6);
    expect(slugs.filter((slug) => slug === 'wp-studio')).to.have.length(3);
    const sources = await Promise.all(
      keys.map(async (Key) => {
        const head = await clients.s3.send(
          new HeadObjectCommand({ Bucket: config.rawBucket, Key }),
        );
        return head.Metadata?.source;
      }),
    );
    expect(sources.filter((source) => source === 'instagram')).to.have.length(4);
    expect(sources.filter((source) => source === 'website')).to.have.length(5);

    const stored = await new RunReports(clients.dynamo, config.tableName).list('bundle-run');
    expect(stored.map((r) => r.artist).sort()).to.deep.equal(['sq-studio', 'wp-studio']);
    expect(await processesLeft(marker)).to.deep.equal([]);
  });
});
