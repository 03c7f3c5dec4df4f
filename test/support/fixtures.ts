// The real fixtures the tests and benchmarks use (images, real studio sites, Instagram
// captures): pinned by test/fixtures/fixtures.lock.json (each file's path, size, sha256 and
// where it came from), and copied into a git-ignored cache, .cache/fixtures/, that the tests
// read and nothing else. The cache is filled from a folder laid out like ../shared/fixtures,
// or from one archive of that folder, every file checked against the lock.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import { z } from 'zod';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const LOCK_FILE = join(repoRoot, 'test/fixtures/fixtures.lock.json');
export const CACHE_DIR = join(repoRoot, '.cache/fixtures');
/** The fixture sets, each a folder of the fixtures root. */
export const FIXTURE_SETS = ['images', 'sites', 'instagram'] as const;

const lockSchema = z.object({
  version: z.literal(1),
  files: z.array(
    z.object({
      path: z.string().regex(/^(images|sites|instagram)\/[^\\]+$/),
      bytes: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      source: z.string(),
    }),
  ),
});
export type FixturesLock = z.infer<typeof lockSchema>;
export type LockedFile = FixturesLock['files'][number];

export class FixturesError extends Error {
  override name = 'FixturesError';
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Every file under `dir`, as paths relative to it with `/`, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Where each file came from, as the fixture folders' own MANIFEST, site.json and SOURCES say. */
async function sources(root: string): Promise<(path: string) => string> {
  const manifest = new Map<string, string>();
  const [header, ...rows] = (await readFile(join(root, 'images/MANIFEST.tsv'), 'utf8'))
    .trim()
    .split('\n');
  const columns = (header ?? '').split('\t');
  for (const row of rows) {
    const cells = Object.fromEntries(row.split('\t').map((cell, i) => [columns[i], cell]));
    manifest.set(`images/${cells.file}`, `${cells.source} (${cells.license})`);
  }
  const sites = new Map<string, string>();
  for (const name of await readdir(join(root, 'sites'))) {
    const file = join(root, 'sites', name, 'site.json');
    if (!existsSync(file)) continue;
    const site = JSON.parse(await readFile(file, 'utf8')) as {
      repository?: string;
      commit?: string;
    };
    sites.set(name, `${site.repository}@${site.commit}`);
  }
  const captures = new Map<string, string>();
  for (const line of (await readFile(join(root, 'instagram/SOURCES.md'), 'utf8')).split('\n')) {
    const match = /^\| ([^|]+\.json) \| ([^|]+) \|/.exec(line);
    if (match?.[1] && match[2]) captures.set(`instagram/${match[1].trim()}`, match[2].trim());
  }
  return (path) => {
    const site = /^sites\/([^/]+)\//.exec(path)?.[1];
    return (
      manifest.get(path) ??
      captures.get(path) ??
      (site && sites.get(site) ? `${sites.get(site)} (see sites/README.md)` : undefined) ??
      'the fixture set’s own description (MANIFEST.tsv, README.md, SOURCES.md)'
    );
  };
}

/** The lock of the fixtures under `root` (a folder laid out like ../shared/fixtures). */
export async function lockOf(root: string): Promise<FixturesLock> {
  const sourceOf = await sources(root);
  const files: LockedFile[] = [];
  for (const set of FIXTURE_SETS) {
    for (const path of await filesUnder(join(root, set))) {
      const bytes = await readFile(join(root, set, path));
      const locked = `${set}/${path}`;
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      files.push({ path: locked, bytes: bytes.length, sha256, source: sourceOf(locked) });
    }
  }
  return { version: 1, files };
}

export async function readLock(file = LOCK_FILE): Promise<FixturesLock> {
  return lockSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

/** Where the fixtures come from: a folder, or an archive to download. */
export type FixturesSource = { dir: string } | { url: string };

/** The source the environment names: PORTFOLIO_FIXTURES_DIR, ../shared/fixtures, PORTFOLIO_FIXTURES_URL. */
export function sourceFromEnv(env: NodeJS.ProcessEnv = process.env): FixturesSource {
  if (env.PORTFOLIO_FIXTURES_DIR) return { dir: resolve(env.PORTFOLIO_FIXTURES_DIR) };
  const beside = join(repoRoot, '../shared/fixtures');
  if (existsSync(beside)) return { dir: beside };
  if (env.PORTFOLIO_FIXTURES_URL) return { url: env.PORTFOLIO_FIXTURES_URL };
  throw new FixturesError(
    `No fixtures to copy: set PORTFOLIO_FIXTURES_DIR to a folder laid out like ../shared/fixtures, put that folder beside the checkout (${beside}), or set PORTFOLIO_FIXTURES_URL to an archive of it (docs/testing.md)`,
  );
}

export interface FillResult {
  /** Files copied into the cache. */
  copied: number;
  /** Files already in the cache with the right bytes. */
  kept: number;
  from: string;
}

/**
 * Makes `cacheDir` hold every locked file with its locked bytes, copying what is missing or
 * different from `source`. Nothing is copied unless every file of the source matches.
 * @throws {FixturesError} naming every file missing from the source or differing from the lock.
 */
export async function fillCache(
  source: FixturesSource,
  options: { lock?: FixturesLock; cacheDir?: string; log?: (line: string) => void } = {},
): Promise<FillResult> {
  const lock = options.lock ?? (await readLock());
  const cacheDir = options.cacheDir ?? CACHE_DIR;
  const log = options.log ?? (() => {});
  let root: string;
  let cleanup = async () => {};
  if ('dir' in source) {
    root = source.dir;
  } else {
    const temporary = await mkdtemp(join(tmpdir(), 'fixtures-'));
    cleanup = () => rm(temporary, { recursive: true, force: true });
    try {
      root = await download(source.url, temporary, log);
    } catch (error) {
      await cleanup();
      throw error;
    }
  }
  try {
    const stale: LockedFile[] = [];
    let kept = 0;
    for (const file of lock.files) {
      const cached = join(cacheDir, file.path);
      if (existsSync(cached) && (await sha256Of(cached)) === file.sha256) kept++;
      else stale.push(file);
    }
    const problems: string[] = [];
    for (const file of stale) {
      const from = join(root, file.path);
      if (!existsSync(from)) {
        problems.push(`${file.path}: missing`);
        continue;
      }
      const actual = await sha256Of(from);
      if (actual !== file.sha256)
        problems.push(`${file.path}: sha256 ${actual}, locked ${file.sha256}`);
    }
    if (problems.length > 0) {
      throw new FixturesError(
        `${problems.length} fixture files in ${'dir' in source ? source.dir : source.url} do not match test/fixtures/fixtures.lock.json:\n  ${problems.join('\n  ')}`,
      );
    }
    for (const [n, file] of stale.entries()) {
      const to = join(cacheDir, file.path);
      await mkdir(dirname(to), { recursive: true });
      await copyFile(join(root, file.path), to);
      if ((n + 1) % 100 === 0) log(`Copied ${n + 1}/${stale.length}`);
    }
    return { copied: stale.length, kept, from: 'dir' in source ? source.dir : source.url };
  } finally {
    await cleanup();
  }
}

/** Downloads and unpacks a .tar.gz of the fixtures; returns the folder holding the sets. */
async function download(url: string, into: string, log: (line: string) => void): Promise<string> {
  log(`Downloading ${url}`);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new FixturesError(`Cannot download ${url}: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    throw new FixturesError(`Cannot download ${url}: the server answered ${response.status}`);
  }
  const archive = join(into, 'fixtures.tar.gz');
  await writeFile(archive, Buffer.from(await response.arrayBuffer()));
  const unpacked = join(into, 'unpacked');
  await mkdir(unpacked);
  try {
    await tar.x({ file: archive, cwd: unpacked, strict: true });
  } catch (error) {
    throw new FixturesError(`${url} is not a .tar.gz of the fixtures: ${(error as Error).message}`);
  }
  // The sets at the archive's top, or inside its one top folder.
  if (existsSync(join(unpacked, 'images'))) return unpacked;
  const [top, ...others] = await readdir(unpacked);
  if (top && others.length === 0 && existsSync(join(unpacked, top, 'images'))) {
    return join(unpacked, top);
  }
  throw new FixturesError(`${url} holds no images/, sites/ and instagram/ folders`);
}

/**
 * A folder of the fixture cache, for the tests: `marker` is a file it must hold.
 * @throws {Error} saying to run `npm run fixtures` when the cache does not have it.
 */
export function cachedFixtures(set: (typeof FIXTURE_SETS)[number], marker: string): string {
  const dir = join(CACHE_DIR, set);
  if (!existsSync(join(dir, marker))) {
    throw new Error(`No ${set} fixtures in ${CACHE_DIR}: run \`npm run fixtures\` first`);
  }
  return dir;
}
