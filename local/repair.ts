// `npm run repair`: rebuilds what can be rebuilt of a damaged DATA_DIR, keeping a copy of what
// it changes. The table: LevelDB's own repair (it rebuilds the MANIFEST and CURRENT from the
// readable table and log files), then every value that does not decode is dropped. The objects:
// temporary files a kill left are removed; an object whose bytes no longer match their MD5 (a
// write cut short before the store wrote files atomically) is moved aside with its files; a
// metadata file that does not parse is moved aside and replaced with an empty one; metadata
// without its object is removed. What is lost is then found by the reconciler (`npm start`,
// `ingest` and `reconcile` run it): originals fetched again, images optimized again.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { TEMPORARY_FILE } from './crash-safe-store.ts';
import { type DataProblem, inspectLevelDir } from './data-check.ts';
import { lockDataDir } from './data-lock.ts';

export interface RepairReport {
  /** Where the damaged files were copied, if anything was changed. */
  backup?: string;
  table: { problems: DataProblem[]; repaired: boolean; dropped: number; after: DataProblem[] };
  objects: {
    checked: number;
    temporaryRemoved: number;
    damagedMovedAside: string[];
    metadataReplaced: string[];
    orphansRemoved: number;
  };
}

const OBJECT = '._S3rver_object';
const METADATA = '._S3rver_metadata.json';
const MD5 = '._S3rver_object.md5';

export async function repairDataDir(
  dataDir: string,
  log: (line: string) => void,
  now = new Date(),
): Promise<RepairReport> {
  const unlock = await lockDataDir(dataDir);
  const backup = join(dataDir, `damaged-${now.toISOString().replace(/[:.]/g, '-')}`);
  try {
    const table = await repairTable(join(dataDir, 'dynamodb'), join(backup, 'dynamodb'), log);
    const objects = await repairObjects(join(dataDir, 's3'), join(backup, 's3'), log);
    const changed =
      table.repaired || objects.damagedMovedAside.length > 0 || objects.metadataReplaced.length > 0;
    return { ...(changed && { backup }), table, objects };
  } finally {
    await unlock();
  }
}

/**
 * Reads every entry of the table (the files looked whole, or there is no telling a garbled
 * block from a whole one but by reading it).
 */
async function readEverything(dir: string): Promise<DataProblem[]> {
  if (!existsSync(join(dir, 'CURRENT'))) return [];
  const db = new ClassicLevel<string, string>(dir, {
    createIfMissing: false,
    valueEncoding: 'utf8',
  });
  try {
    await db.open();
    for await (const [, value] of db.iterator()) JSON.parse(value);
    return [];
  } catch (error) {
    return [{ file: dir, problem: `reading it fails: ${(error as Error).message}` }];
  } finally {
    await db.close().catch(() => {});
  }
}

async function repairTable(dir: string, backup: string, log: (line: string) => void) {
  const found = await inspectLevelDir(dir);
  const problems = found.length > 0 ? found : await readEverything(dir);
  if (problems.length === 0) {
    log('The table files are whole.');
    return { problems, repaired: false, dropped: 0, after: [] };
  }
  for (const { file, problem } of problems) log(`Damaged: ${file}: ${problem}`);
  await mkdir(dirname(backup), { recursive: true });
  await cp(dir, backup, { recursive: true, filter: (source) => !source.endsWith('/LOCK') });
  log(`Copied the table files to ${backup}; rebuilding them`);
  await ClassicLevel.repair(dir);
  // The repair reads logs without their checksums: a garbled record can come back as a value
  // that is not JSON (dynalite would fail on it). Such values are dropped.
  const db = new ClassicLevel<string, string>(dir, {
    createIfMissing: false,
    valueEncoding: 'utf8',
  });
  await db.open();
  const undecodable: string[] = [];
  try {
    for await (const [key, value] of db.iterator()) {
      try {
        JSON.parse(value);
      } catch {
        undecodable.push(key);
      }
    }
    if (undecodable.length > 0) await db.batch(undecodable.map((key) => ({ type: 'del', key })));
  } finally {
    await db.close();
  }
  const inspected = await inspectLevelDir(dir);
  const after = inspected.length > 0 ? inspected : await readEverything(dir);
  log(
    `Rebuilt the table${undecodable.length > 0 ? `, dropping ${undecodable.length} garbled entries` : ''}` +
      (after.length > 0 ? `; still damaged: ${after.map((p) => p.file).join(', ')}` : ''),
  );
  return { problems, repaired: true, dropped: undecodable.length, after };
}

async function repairObjects(root: string, backup: string, log: (line: string) => void) {
  const report: RepairReport['objects'] = {
    checked: 0,
    temporaryRemoved: 0,
    damagedMovedAside: [],
    metadataReplaced: [],
    orphansRemoved: 0,
  };
  if (!existsSync(root)) return report;
  const files = (await readdir(root, { recursive: true })).map(String);
  const present = new Set(files);
  const moveAside = async (file: string) => {
    const target = join(backup, file);
    await mkdir(dirname(target), { recursive: true });
    await rename(join(root, file), target);
  };
  for (const file of files) {
    if (TEMPORARY_FILE.test(file)) {
      await rm(join(root, file), { force: true });
      report.temporaryRemoved++;
      continue;
    }
    if (file.endsWith(OBJECT)) {
      report.checked++;
      const base = file.slice(0, -OBJECT.length);
      const recorded = present.has(`${base}${MD5}`)
        ? (await readFile(join(root, `${base}${MD5}`), 'utf8')).trim()
        : undefined;
      if (recorded && recorded !== (await md5Of(join(root, file)))) {
        for (const part of [OBJECT, MD5, METADATA]) {
          if (present.has(`${base}${part}`)) await moveAside(`${base}${part}`);
        }
        report.damagedMovedAside.push(base);
        log(`Damaged object moved aside: ${base} (its bytes do not match their MD5)`);
      }
      continue;
    }
    if (file.endsWith(METADATA)) {
      const base = file.slice(0, -METADATA.length);
      if (!present.has(`${base}${OBJECT}`)) {
        await rm(join(root, file), { force: true });
        await rm(join(root, `${base}${MD5}`), { force: true });
        report.orphansRemoved++;
        continue;
      }
      try {
        JSON.parse(await readFile(join(root, file), 'utf8'));
      } catch {
        await moveAside(file);
        await writeFile(join(root, file), '{}');
        report.metadataReplaced.push(base);
        log(
          `Garbled metadata moved aside and replaced with none: ${relative(root, join(root, file))}`,
        );
      }
    }
  }
  log(
    `Checked ${report.checked} objects: ${report.damagedMovedAside.length} damaged, ` +
      `${report.metadataReplaced.length} metadata files replaced, ${report.temporaryRemoved} temporary files removed`,
  );
  return report;
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
