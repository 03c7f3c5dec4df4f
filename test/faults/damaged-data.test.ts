// Damaged files in DATA_DIR: every command names the file and what to do (never a stack trace,
// never a silent empty table); a stand-in failing on a damaged file answers that request with
// 503 and the server stays up; `npm run repair` rebuilds what can be rebuilt.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, open, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ArtistRegistry, artistSchema } from '../../core/artists/artists.ts';
import { ImageRecords } from '../../core/images/image-records.ts';
import { BUCKETS } from '../../core/store/buckets.ts';
import { startImagePipeline } from '../../local/image-pipeline.ts';
import { DEMO_MARKER, startLocalSystem } from '../../local/local-system.ts';
import { startStandIns } from '../../local/stand-ins.ts';
import { photo } from '../scraper/fixture-sites.ts';
import { putOriginal } from '../support/originals.ts';
import { startScript } from '../support/processes.ts';

const SLUG = 'pat-ink';
const STACK_LINE = /\n\s+at .+:\d+:\d+/;

async function run(script: string, args: string[], dataDir: string) {
  const command = startScript(script, args, { DATA_DIR: dataDir });
  const code = await command.exited;
  return { code, stdout: command.stdout(), stderr: command.stderr() };
}

/** A data dir with one artist and three shown images, its table written to table files. */
async function dataDirWithImages(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fault-damage-'));
  const standIns = await startStandIns({ dataDir });
  const pipeline = startImagePipeline(standIns);
  await new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName).add(
    artistSchema.parse({ slug: SLUG, name: 'Pat', websites: [] }),
  );
  for (const seed of [1, 3, 4]) await putOriginal(standIns, SLUG, await photo(seed));
  await pipeline.drained();
  pipeline.stop();
  await standIns.stop();
  // Opened again, LevelDB moves its log into a table file.
  await (await startStandIns({ dataDir })).stop();
  await writeFile(join(dataDir, DEMO_MARKER), 'not seeded: test data\n');
  return dataDir;
}

const tableFile = (dataDir: string) => {
  const dir = join(dataDir, 'dynamodb');
  const [largest] = readdirSync(dir)
    .filter((name) => name.endsWith('.ldb'))
    .sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size);
  if (!largest) throw new Error('no table file');
  return join(dir, largest);
};

/**
 * Where a LevelDB table file's data blocks end: the offset of its metaindex block, the first
 * varint of the 48-byte footer.
 */
function dataBlocksEnd(file: string): number {
  const bytes = readFileSync(file);
  let offset = 0;
  let shift = 0;
  for (let i = bytes.length - 48; ; i++) {
    const byte = bytes[i] ?? 0;
    offset += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return offset;
    shift += 7;
  }
}

async function shownImages(dataDir: string): Promise<number> {
  const standIns = await startStandIns({ dataDir });
  try {
    const records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
    return (await records.listHashes(SLUG)).length;
  } finally {
    await standIns.stop();
  }
}

describe('faults: damaged files in DATA_DIR', function () {
  this.timeout(300_000);
  const dirs: string[] = [];
  const fresh = async () => {
    const dir = await dataDirWithImages();
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('a missing dynamodb/CURRENT: named, never an empty table; repair gives everything back', async () => {
    const dataDir = await fresh();
    await unlink(join(dataDir, 'dynamodb', 'CURRENT'));
    const listed = await run('ops/artists-cli.ts', ['list'], dataDir);
    expect(listed.code).to.equal(2);
    expect(listed.stderr).to.include(join(dataDir, 'dynamodb', 'CURRENT'));
    expect(listed.stderr).to.include('npm run repair');
    expect(listed.stderr).not.to.match(STACK_LINE);

    const repaired = await run('ops/repair-cli.ts', [], dataDir);
    expect(repaired.code, repaired.stderr).to.equal(0);
    expect(JSON.parse(repaired.stdout).backup).to.be.a('string');
    const again = await run('ops/artists-cli.ts', ['list'], dataDir);
    expect(again.code, again.stderr).to.equal(0);
    expect(JSON.parse(again.stdout).slug).to.equal(SLUG);
    expect(await shownImages(dataDir)).to.equal(3);
  });

  it('a table file cut short: named before anything starts; repair makes the data open again', async () => {
    const dataDir = await fresh();
    const file = tableFile(dataDir);
    await truncate(file, Math.floor(statSync(file).size / 2));
    const started = await run('ops/ingest-cli.ts', [], dataDir);
    expect(started.code).to.equal(2);
    expect(started.stderr).to.include(file);
    expect(started.stderr).to.include('cut short');
    expect(started.stderr).not.to.match(STACK_LINE);

    const repaired = await run('ops/repair-cli.ts', [], dataDir);
    expect(repaired.code, repaired.stderr).to.equal(0);
    const listed = await run('ops/artists-cli.ts', ['list'], dataDir);
    expect(listed.code, listed.stderr).to.equal(0);
  });

  it('a garbled table file: the server stays up, that request answers 503; repair mends it', async () => {
    const dataDir = await fresh();
    const file = tableFile(dataDir);
    // 64 bytes garbled every KB of the first half of the data blocks, where the items fall
    // (LevelDB sorts dynalite's keys: items, then index entries, then the table's own
    // description, which stays whole, so the table opens).
    const handle = await open(file, 'r+');
    for (let at = 512; at + 64 <= dataBlocksEnd(file) / 2; at += 1024) {
      await handle.write(Buffer.alloc(64, 0xa5), 0, 64, at);
    }
    await handle.close();
    const log: string[] = [];
    const system = await startLocalSystem({ dataDir, port: 0, log: (line) => log.push(line) });
    try {
      const first = await fetch(`${system.url}/api/artists/${SLUG}`);
      expect(first.status).to.equal(503);
      // Still serving: the site, and the API again.
      expect((await fetch(`${system.url}/`)).status).to.equal(200);
      expect((await fetch(`${system.url}/api/artists/${SLUG}`)).status).to.equal(503);
    } finally {
      await system.close();
    }
    const repaired = await run('ops/repair-cli.ts', [], dataDir);
    expect(repaired.code, repaired.stderr).to.equal(0);
    const after = await startLocalSystem({ dataDir, port: 0, log: () => {} });
    try {
      expect((await fetch(`${after.url}/api/artists`)).status).to.equal(200);
    } finally {
      await after.close();
    }
  });

  it('a garbled object metadata file, and an object cut short: named; repair sets both aside', async () => {
    const dataDir = await fresh();
    const dir = join(dataDir, 's3', BUCKETS.raw.localName, 'originals', SLUG);
    const [garbled, cut] = readdirSync(dir)
      .filter((name) => name.endsWith('._S3rver_object'))
      .map((name) => join(dir, name.replace(/\._S3rver_object$/, '')));
    const metadataFile = `${garbled}._S3rver_metadata.json`;
    await writeFile(metadataFile, '{"content-type": "image/jp');
    await truncate(`${cut}._S3rver_object`, 500);

    const reconciled = await run('ops/reconcile-cli.ts', [], dataDir);
    expect(reconciled.code, reconciled.stderr).to.equal(1);
    expect(reconciled.stderr).to.include(metadataFile);
    expect(reconciled.stderr).to.include('npm run repair');
    expect(reconciled.stderr).not.to.match(STACK_LINE);

    const repaired = await run('ops/repair-cli.ts', [], dataDir);
    expect(repaired.code, repaired.stderr).to.equal(0);
    const report = JSON.parse(repaired.stdout);
    expect(report.objects.metadataReplaced).to.have.length(1);
    expect(report.objects.damagedMovedAside).to.have.length(1);
    // What the repair set aside is now a record without its original, found by the reconciler.
    const after = await run('ops/reconcile-cli.ts', [], dataDir);
    expect(after.code, after.stderr).to.equal(0);
    expect(JSON.parse(after.stdout)).to.deep.include({ originals: 2, recordsWithoutOriginal: 1 });
  });
});
