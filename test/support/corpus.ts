// The shared fixtures (../shared/fixtures): where they lie, and the image corpus and its MANIFEST.
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
 * A folder of ../shared/fixtures: the variable `envVar` names it, else it lies beside the
 * checkout, else at /work/shared/fixtures (where CI clones elsewhere); `marker` is a file it
 * must hold.
 * @throws {Error} naming the places looked at when there is none.
 */
export function sharedFixtures(kind: string, envVar: string, marker: string): string {
  const candidates = [
    process.env[envVar],
    join(repoRoot, '../shared/fixtures', kind),
    join('/work/shared/fixtures', kind),
  ].filter((dir): dir is string => Boolean(dir));
  const found = candidates.find((dir) => existsSync(join(dir, marker)));
  if (!found) {
    throw new Error(
      `No ${kind} fixtures found (looked in ${candidates.join(', ')}); set ${envVar}`,
    );
  }
  return found;
}

/** The image corpus: PORTFOLIO_CORPUS_DIR, else ../shared/fixtures/images. */
export function corpusDir(): string {
  return sharedFixtures('images', 'PORTFOLIO_CORPUS_DIR', 'MANIFEST.tsv');
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
