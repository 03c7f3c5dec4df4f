import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HeadObjectCommand, ListObjectsCommand } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { ImageRecords } from '../../core/images/image-records.ts';
import { parseRawKey } from '../../core/images/object-keys.ts';
import { type ImagePipeline, startImagePipeline } from '../../local/image-pipeline.ts';
import { type StandIns, startStandIns } from '../../local/stand-ins.ts';
import { batchSchema, runBatch, validateBatch } from '../../scraper/batch.ts';
import { readScraperConfig } from '../../scraper/config.ts';
import { createScraper } from '../../scraper/scraper-runtime.ts';
import { RawStore } from '../../scraper/storage/raw-store.ts';
import { findChrome } from '../../scraper/web/chrome.ts';
import { reply } from '../support/fixture-server.ts';
import { LOOPBACK_CHROME_ARGS } from '../support/loopback-scraper.ts';
import { type FixtureSites, startFixtureSites } from './fixture-sites.ts';

const CHROME_ARGS = LOOPBACK_CHROME_ARGS;
const run = promisify(execFile);

describe('scraper batch into the raw bucket, and npm run scrape', function () {
  this.timeout(120_000);
  let sites: FixtureSites;
  let standIns: StandIns;
  let pipeline: ImagePipeline;

  before(async () => {
    sites = await startFixtureSites();
    sites.routes.set('/broken/', reply(500, 'oops'));
    standIns = await startStandIns();
    pipeline = startImagePipeline(standIns);
  });
  after(async () => {
    pipeline.stop();
    await standIns.stop();
    await sites.close();
  });

  it('stores each artist’s originals once with provenance; the optimizer makes them images; a failing site fails only its artist', async () => {
    const scraper = createScraper(
      readScraperConfig({
        SCRAPER_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        SCRAPER_HOST_DELAY_MS: '0',
        CHROME_ARGS,
      }),
    );
    const { clients, config } = standIns;
    const store = new RawStore(clients.s3, clients.dynamo, config.rawBucket, config.tableName);
    try {
      const batch = batchSchema.parse([
        { slug: 'sq-studio', websites: [`${sites.origin}/sq/`] },
        { slug: 'broken-studio', websites: [`${sites.origin}/broken/`] },
      ]);
      const reports = await runBatch(batch, scraper, store);
      expect(reports.map((r) => [r.artist, r.status, r.stored])).to.deep.equal([
        ['sq-studio', 'done', 2],
        ['broken-studio', 'failed', 0],
      ]);
      expect(reports[1]?.errors[0]?.reason).to.equal('The server answered 500');
      const { Contents } = await clients.s3.send(
        new ListObjectsCommand({ Bucket: config.rawBucket, Prefix: 'originals/' }),
      );
      const keys = (Contents ?? []).map((o) => o.Key ?? '');
      expect(keys.map((k) => parseRawKey(k)?.slug)).to.deep.equal(['sq-studio', 'sq-studio']);
      const head = await clients.s3.send(
        new HeadObjectCommand({ Bucket: config.rawBucket, Key: keys[0] }),
      );
      expect(head.Metadata).to.include({ source: 'website' });
      expect(decodeURIComponent(head.Metadata?.['page-url'] ?? '')).to.equal(`${sites.origin}/sq/`);
      await pipeline.drained();
      const records = new ImageRecords(clients.dynamo, config.tableName);
      const hashes = await records.listHashes('sq-studio');
      expect(hashes).to.have.length(2);
      // Again: every URL is known, nothing is downloaded or stored.
      const requestsBefore = sites.requests.length;
      const again = await runBatch(batch.slice(0, 1), scraper, store);
      expect(again[0]).to.include({ stored: 0, duplicates: 2 });
      expect(
        sites.requests.slice(requestsBefore).filter((p) => p.startsWith('/sq/static/')),
      ).to.deep.equal([]);
    } finally {
      await scraper.close();
    }
  });

  it('fails a malformed artist of a batch with the reason, and keeps the others', () => {
    const { artists, invalid } = validateBatch([
      { slug: 'Bad Slug', websites: ['ftp://x'] },
      { slug: 'good-one', websites: ['https://studio.example/'] },
    ]);
    expect(artists).to.deep.equal([{ slug: 'good-one', websites: ['https://studio.example/'] }]);
    expect(invalid.map((r) => [r.artist, r.status])).to.deep.equal([['Bad Slug', 'failed']]);
    expect(invalid[0]?.errors[0]?.reason).to.match(/slug[\s\S]*websites/);
    expect(batchSchema.safeParse([]).success).to.equal(false);
  });

  it('says how to get a Chromium when none is found', () => {
    expect(() => findChrome(undefined, '/nonexistent')).to.throw(
      'No Chromium found: install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROME_PATH',
    );
    expect(() => findChrome('/nonexistent/chrome')).to.throw(
      'CHROME_PATH=/nonexistent/chrome is not an executable file',
    );
  });

  it('npm run scrape: originals into --out, one JSON line per image and a summary', async () => {
    const out = await mkdtemp(join(tmpdir(), 'scrape-cli-'));
    try {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'scraper/cli.ts', '--website', `${sites.origin}/tiles/`, '--out', out],
        {
          env: {
            ...process.env,
            SCRAPER_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
            SCRAPER_HOST_DELAY_MS: '0',
            CHROME_ARGS,
          },
        },
      );
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const summary = lines.at(-1);
      expect(summary.summary).to.include({ found: 3, stored: 3, refused: 0 });
      expect(summary.summary.refusedBy).to.deep.equal({});
      expect(lines.slice(0, -1).map((l) => l.status)).to.deep.equal(['stored', 'stored', 'stored']);
      expect(lines[0].provenance).to.include({
        source: 'website',
        pageUrl: `${sites.origin}/tiles/`,
      });
      expect(await readdir(out)).to.have.length(3);
      const usage = await run(process.execPath, [
        '--import',
        'tsx',
        'scraper/cli.ts',
        '--out',
        out,
      ]).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(usage?.code).to.equal(2);
      expect(usage?.stderr).to.equal(
        'Give at least one --website or an --instagram handle\nUsage: npm run scrape -- [--website <url>]... [--instagram <handle>] --out <dir>\n',
      );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
