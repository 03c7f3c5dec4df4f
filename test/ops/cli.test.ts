import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { type FixtureSites, startFixtureSites } from '../scraper/fixture-sites.ts';
import { startCloudFrontEndpoint } from '../support/cloudfront-endpoint.ts';

const exec = promisify(execFile);

describe('npm run artists and npm run ingest', function () {
  this.timeout(120_000);
  let dataDir: string;
  let sites: FixtureSites;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-cli-'));
    sites = await startFixtureSites();
  });
  after(async () => {
    await sites.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const run = async (script: string, args: string[]) => {
    try {
      const { stdout, stderr } = await exec(
        process.execPath,
        ['--import', 'tsx', script, ...args],
        {
          env: {
            ...process.env,
            DATA_DIR: dataDir,
            SCRAPER_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
            SCRAPER_HOST_DELAY_MS: '0',
            CHROME_ARGS: '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
          },
        },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { code, stdout, stderr };
    }
  };
  const artists = (...args: string[]) => run('ops/artists-cli.ts', args);

  it('registers, lists and validates artists, with clear errors', async () => {
    const added = await artists(
      'add',
      'eve-ink',
      '--name',
      'Eve',
      '--city',
      'Lyon',
      '--website',
      `${sites.origin}/sq/`,
      '--instagram',
      '@Eve.Ink',
    );
    expect(added.code, added.stderr).to.equal(0);
    expect(JSON.parse(added.stdout)).to.include({
      slug: 'eve-ink',
      instagram: 'eve.ink',
      active: true,
    });
    expect((await artists('add', 'eve-ink', '--name', 'Eve again')).stderr).to.equal(
      'An artist with the slug eve-ink is already registered\n',
    );
    const invalid = await artists(
      'add',
      'Eve Ink',
      '--name',
      'Eve',
      '--website',
      'ftp://studio',
      '--instagram',
      'not a handle',
    );
    expect(invalid.code).to.equal(2);
    expect(invalid.stderr).to.include('The artist is not valid:');
    expect(invalid.stderr).to.include('slug');
    expect(invalid.stderr).to.include('Expected an http(s) URL');
    expect(invalid.stderr).to.include('Expected an Instagram handle');
    const listed = await artists('list');
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).slug),
    ).to.deep.equal(['eve-ink']);
    expect((await artists('frobnicate')).stderr).to.match(/^Unknown command frobnicate\nUsage:/);
  });

  it('updates an artist without a takedown: fields and booking, with clear errors', async () => {
    try {
      const added = await artists(
        'add',
        'ivy-books',
        '--name',
        'Ivy',
        '--city',
        'Porto',
        '--booking-url',
        'https://ivy.example/book',
        '--books-open',
        'yes',
        '--books-note',
        'Books open for March',
      );
      expect(added.code, added.stderr).to.equal(0);
      expect(JSON.parse(added.stdout).booking).to.deep.equal({
        url: 'https://ivy.example/book',
        open: true,
        note: 'Books open for March',
      });
      const updated = await artists(
        'update',
        'ivy-books',
        '--city',
        'Lisboa',
        '--books-open',
        'no',
        '--books-note',
        '',
        '--contact',
        'ivy@example.com',
      );
      expect(updated.code, updated.stderr).to.equal(0);
      const listed = (await artists('list')).stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
        .find((artist) => artist.slug === 'ivy-books');
      expect(listed).to.deep.include({ name: 'Ivy', city: 'Lisboa' });
      expect(listed.booking).to.deep.equal({
        url: 'https://ivy.example/book',
        open: false,
        contact: 'ivy@example.com',
      });
      const invalid = await artists('update', 'ivy-books', '--contact', 'call me maybe');
      expect(invalid.code).to.equal(2);
      expect(invalid.stderr).to.include('The changed artist would not be valid:');
      expect(invalid.stderr).to.include('Expected an email address or an http(s) URL');
      expect((await artists('update', 'ivy-books', '--books-open', 'maybe')).stderr).to.match(
        /^--books-open takes yes or no, not "maybe"\nUsage:/,
      );
      expect((await artists('update', 'ivy-books')).stderr).to.match(
        /^update needs a field to change\nUsage:/,
      );
      const missing = await artists('update', 'no-such-artist', '--name', 'Nobody');
      expect(missing.code).to.equal(1);
      expect(missing.stderr).to.equal('No artist registered as no-such-artist\n');
    } finally {
      // The other tests count the registered artists.
      await artists('remove', 'ivy-books');
    }
  });

  it('works on a deployed stack with --aws, named by the environment, and names what is missing', async () => {
    const { startStandIns } = await import('../../local/stand-ins.ts');
    const stack = await startStandIns({});
    try {
      const env = { ...stack.env, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
      const onStack = (...args: string[]) =>
        exec(process.execPath, ['--import', 'tsx', 'ops/artists-cli.ts', '--aws', ...args], {
          env: { ...process.env, ...env },
        });
      await onStack('add', 'ada-lines', '--name', 'Ada');
      const { stdout } = await onStack('list');
      expect(JSON.parse(stdout).slug).to.equal('ada-lines');
      // Not in the local data: the local list stays empty.
      expect((await artists('list')).stdout).not.to.include('ada-lines');
      const missing = await run('ops/artists-cli.ts', ['list', '--aws']);
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.include('TABLE_NAME');

      // A takedown on the stack needs the distribution, and invalidates the artist's paths
      // there (CloudFront cannot run here: a loopback endpoint answers as its API does).
      const noEdge = await onStack('remove', 'ada-lines').then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(noEdge.code).to.equal(2);
      expect(noEdge.stderr).to.include('DISTRIBUTION_ID');
      const cloudfront = await startCloudFrontEndpoint('I2J0TAKEDOWN');
      try {
        const removed = await exec(
          process.execPath,
          ['--import', 'tsx', 'ops/artists-cli.ts', '--aws', 'remove', 'ada-lines'],
          {
            env: {
              ...process.env,
              ...env,
              DISTRIBUTION_ID: 'E2QWRUHEXAMPLE',
              BACKUP_RETENTION_DAYS: '90',
              CLOUDFRONT_ENDPOINT: cloudfront.endpoint,
            },
          },
        );
        expect(JSON.parse(removed.stdout)).to.deep.include({
          removed: 'ada-lines',
          invalidation: 'I2J0TAKEDOWN',
        });
        expect(removed.stderr).to.include('keeps its copies for 90 days');
        const { invalidations } = cloudfront;
        expect(invalidations).to.have.length(1);
        expect(invalidations[0]?.path).to.equal(
          '/2020-05-31/distribution/E2QWRUHEXAMPLE/invalidation',
        );
        expect(invalidations[0]?.body).to.include('<Path>/img/ada-lines/*</Path>');
        expect(invalidations[0]?.body).to.include('<Path>/api/artists*</Path>');
      } finally {
        await cloudfront.close();
      }
    } finally {
      await stack.stop();
    }
  });

  it('ingests: progress on stderr, one JSON summary on stdout; then remove takes the artist down', async () => {
    const ingest = await run('ops/ingest-cli.ts', ['--artist', 'eve-ink']);
    expect(ingest.code, ingest.stderr).to.equal(0);
    expect(ingest.stderr).to.match(
      /eve-ink: \d+ pages, 2 images found, 2 stored, 0 duplicates, 0 refused/,
    );
    const summary = JSON.parse(ingest.stdout);
    expect(summary).to.deep.include({
      artists: { done: 1, failed: 0 },
      originals: { stored: 2, known: 0, refused: 0, errored: 0 },
      images: { published: 2, folded: 0, refused: 0, errored: 0, takenOff: 0 },
      final: true,
    });
    expect(ingest.stderr).to.include(
      'originals: 2 stored, 0 already stored, 0 refused; images: 2 published, 0 copies folded',
    );
    const unknown = await run('ops/ingest-cli.ts', ['--artist', 'nobody-here']);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.include('No artist registered as nobody-here');
    const removed = await artists('remove', 'eve-ink');
    expect(removed.code, removed.stderr).to.equal(0);
    expect(JSON.parse(removed.stdout)).to.deep.include({ removed: 'eve-ink', originals: 2 });
    expect(removed.stderr).to.include('The immutable backup keeps its copies for 30 days');
    expect((await artists('list')).stdout).to.equal('');
  });
});
