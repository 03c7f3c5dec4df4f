// The checks of the DynamoDB stand-in's files before dynalite opens them: damage is named,
// what a kill or a power cut leaves at the end of the log is not.
import { copyFile, mkdtemp, open, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ArtistRegistry, artistSchema } from '../../core/artists/artists.ts';
import { inspectLevelDir } from '../../local/data-check.ts';
import { startStandIns } from '../../local/stand-ins.ts';

describe('data check: the table files before dynalite opens them', () => {
  let pristine: string;
  let log: string;
  const dirs: string[] = [];

  before(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'data-check-'));
    dirs.push(dataDir);
    const standIns = await startStandIns({ dataDir });
    const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
    for (let n = 0; n < 40; n++)
      await registry.add(
        artistSchema.parse({ slug: `artist-${n}`, name: `Artist ${n}`, websites: [] }),
      );
    await standIns.stop();
    pristine = join(dataDir, 'dynamodb');
    log = (await readdir(pristine)).find((name) => name.endsWith('.log')) as string;
  });
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** A copy of the table files, with its log changed by `damage`. */
  async function withLog(damage: (path: string, size: number) => Promise<void>) {
    const dir = await mkdtemp(join(tmpdir(), 'data-check-copy-'));
    dirs.push(dir);
    for (const name of await readdir(pristine)) {
      if (name !== 'LOCK') await copyFile(join(pristine, name), join(dir, name));
    }
    const path = join(dir, log);
    await damage(path, (await stat(path)).size);
    return inspectLevelDir(dir);
  }
  const overwrite = async (path: string, at: number, bytes: number) => {
    const handle = await open(path, 'r+');
    await handle.write(Buffer.alloc(bytes, 0x5a), 0, bytes, at);
    await handle.close();
  };

  it('finds whole files whole', async () => {
    expect(await inspectLevelDir(pristine)).to.deep.equal([]);
  });

  it('names a log record garbled in the middle', async () => {
    const problems = await withLog((path, size) => overwrite(path, Math.floor(size / 2), 32));
    expect(problems).to.have.length(1);
    expect(problems[0]?.file).to.match(/\.log$/);
    expect(problems[0]?.problem).to.match(/fails its checksum|runs past its block/);
  });

  it('takes a log cut short, or its last record torn, for what a kill leaves', async () => {
    expect(await withLog((path, size) => truncate(path, size - 10))).to.deep.equal([]);
    expect(await withLog((path, size) => overwrite(path, size - 8, 8))).to.deep.equal([]);
  });
});
