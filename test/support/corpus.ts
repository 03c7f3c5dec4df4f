// The shared image corpus (../shared/fixtures/images) and its MANIFEST, read where it lies.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The corpus directory: PORTFOLIO_CORPUS_DIR, else ../shared/fixtures/images beside the
 * checkout, else /work/shared/fixtures/images (where CI clones elsewhere).
 * @throws {Error} naming the places looked at when there is no corpus.
 */
export function corpusDir(): string {
  const candidates = [
    process.env.PORTFOLIO_CORPUS_DIR,
    join(repoRoot, '../shared/fixtures/images'),
    '/work/shared/fixtures/images',
  ].filter((dir): dir is string => Boolean(dir));
  const found = candidates.find((dir) => existsSync(join(dir, 'MANIFEST.tsv')));
  if (!found) {
    throw new Error(
      `No image corpus found (looked in ${candidates.join(', ')}); set PORTFOLIO_CORPUS_DIR`,
    );
  }
  return found;
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
