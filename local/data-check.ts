// Checks of DATA_DIR's DynamoDB stand-in files before dynalite opens them. dynalite reports no
// damage: a database LevelDB cannot open starts "fine" and then throws on the first read, and a
// missing CURRENT makes LevelDB start a new, empty database and delete the old table files. So
// the files are looked at first (in milliseconds, without changing them), and damage is named
// with what to do.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import CRC32C from 'crc-32/crc32c';

export interface DataProblem {
  file: string;
  problem: string;
}

/** Thrown when DATA_DIR holds damaged files: each is named, with what to do. */
export class DataDamagedError extends Error {
  override name = 'DataDamagedError';
  constructor(readonly problems: DataProblem[]) {
    super(
      `The local data is damaged:\n${problems.map((p) => `  ${p.file}: ${p.problem}`).join('\n')}\n` +
        'Restore DATA_DIR from a copy, or run `npm run repair` to rebuild what can be rebuilt ' +
        '(it keeps a copy of the damaged files).',
    );
  }
}

/** The last 8 bytes of every LevelDB table file (kTableMagicNumber, little-endian). */
const TABLE_MAGIC = Buffer.from('57fb808b247547db', 'hex');
/** LevelDB logs (the write-ahead log and the MANIFEST) are 32 KiB blocks of records. */
const LOG_BLOCK = 32_768;
const RECORD_HEADER = 7;

/** LevelDB stores CRC32C masked: rotated right by 15 bits plus a constant. */
function unmask(masked: number): number {
  const rotated = (masked - 0xa282ead8) >>> 0;
  return ((rotated >>> 17) | (rotated << 15)) >>> 0;
}

/**
 * The first damaged record of a LevelDB log, or undefined. The last record cut short, or
 * failing its checksum with nothing after it, is what a kill or a power cut mid-write leaves,
 * and LevelDB drops it safely: not damage.
 */
function logDamage(bytes: Buffer): string | undefined {
  for (let block = 0; block < bytes.length; block += LOG_BLOCK) {
    const end = Math.min(block + LOG_BLOCK, bytes.length);
    let offset = block;
    while (end - offset >= RECORD_HEADER) {
      const length = bytes.readUInt16LE(offset + 4);
      const type = bytes[offset + 6];
      if (type === 0 && length === 0) break; // the block's zero padding
      if (offset + RECORD_HEADER + length > end) {
        if (end === bytes.length) return undefined;
        return `a record at byte ${offset} runs past its block`;
      }
      const stored = unmask(bytes.readUInt32LE(offset));
      const actual = CRC32C.buf(bytes.subarray(offset + 6, offset + RECORD_HEADER + length)) >>> 0;
      if (stored !== actual) {
        const rest = bytes.subarray(offset + RECORD_HEADER + length);
        if (rest.every((byte) => byte === 0)) return undefined;
        return `the record at byte ${offset} fails its checksum`;
      }
      offset += RECORD_HEADER + length;
    }
  }
  return undefined;
}

/** What is wrong with the LevelDB directory `dir` (dynalite's data), if anything. */
export async function inspectLevelDir(dir: string): Promise<DataProblem[]> {
  if (!existsSync(dir)) return [];
  const names = await readdir(dir);
  const problems: DataProblem[] = [];
  const name = (file: string) => join(dir, file);
  const data = names.filter((n) => /^\d+\.(ldb|sst|log)$/.test(n) || /^MANIFEST-\d+$/.test(n));
  if (!names.includes('CURRENT')) {
    if (data.length > 0) {
      problems.push({
        file: name('CURRENT'),
        problem:
          'missing, while the table files are there (opened so, the table would start empty and its files be deleted)',
      });
    }
  } else {
    const current = await readFile(name('CURRENT'), 'utf8');
    const manifest = /^(MANIFEST-\d+)\n$/.exec(current)?.[1];
    if (!manifest) problems.push({ file: name('CURRENT'), problem: 'does not name a MANIFEST' });
    else if (!names.includes(manifest))
      problems.push({ file: name(manifest), problem: 'missing (CURRENT names it)' });
  }
  for (const file of data) {
    const bytes = await readFile(name(file));
    if (/\.(ldb|sst)$/.test(file)) {
      if (bytes.length < 48 || !bytes.subarray(bytes.length - 8).equals(TABLE_MAGIC))
        problems.push({ file: name(file), problem: 'cut short or overwritten (no table footer)' });
      continue;
    }
    const damage = logDamage(bytes);
    if (damage) problems.push({ file: name(file), problem: damage });
  }
  return problems;
}
