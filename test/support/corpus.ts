// The image corpus and its MANIFEST, from the fixture cache (test/support/fixtures.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedFixtures } from './fixtures.ts';

export interface CorpusEntry {
  file: string;
  path: string;
  format: string;
  /** Stored (not displayed) size from the manifest; undefined where it cannot be read. */
  width?: number;
  height?: number;
  exercises: string;
  expected: 'ok' | 'reject';
  why: string;
}

/** The image corpus, from the fixture cache (`npm run fixtures`). */
export function corpusDir(): string {
  return cachedFixtures('images', 'MANIFEST.tsv');
}

/** Every row of MANIFEST.tsv. */
export function readCorpus(): CorpusEntry[] {
  const dir = corpusDir();
  const [header, ...rows] = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const columns = (header ?? '').split('\t');
  return rows.map((row) => {
    const cells = Object.fromEntries(row.split('\t').map((cell, i) => [columns[i], cell]));
    const number = (value: string | undefined) =>
      value && /^\d+$/.test(value) ? Number(value) : undefined;
    return {
      file: cells.file ?? '',
      path: join(dir, cells.file ?? ''),
      format: cells.format ?? '',
      width: number(cells.width),
      height: number(cells.height),
      exercises: cells.exercises ?? '',
      expected: cells.expected === 'ok' ? 'ok' : 'reject',
      why: cells.why ?? '',
    };
  });
}

/** The bytes of one corpus file. */
export function corpusFile(file: string): Buffer {
  return readFileSync(join(corpusDir(), file));
}
