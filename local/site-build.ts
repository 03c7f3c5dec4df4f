// The Astro build the local server serves: made when missing or older than its sources.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
export const SITE_ROOT = join(ROOT, 'site');
export const SITE_DIST = join(SITE_ROOT, 'dist');
/**
 * What the build is made from; a change to any of these makes it stale. The site imports the
 * API contract, the page markup and the vocabulary from core/.
 */
const SOURCES = [
  'src',
  'public',
  'astro.config.mjs',
  '../core/api/contract.ts',
  '../core/pages',
  '../core/vocabulary',
];

function newestSource(): number {
  let newest = 0;
  for (const source of SOURCES) {
    const path = join(SITE_ROOT, source);
    if (!existsSync(path)) continue;
    const stats = statSync(path);
    if (stats.isFile()) newest = Math.max(newest, stats.mtimeMs);
    else {
      for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) {
          newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
        }
      }
    }
  }
  return newest;
}

/** Builds the site unless an up-to-date build is there. */
export async function ensureSiteBuilt(log: (line: string) => void): Promise<string> {
  const index = join(SITE_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource()) return SITE_DIST;
  log('Building the site (astro build)');
  try {
    await exec(
      process.execPath,
      [join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--root', SITE_ROOT],
      { cwd: ROOT, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, maxBuffer: 16 << 20 },
    );
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`The site did not build:\n${stderr || stdout}`);
  }
  return SITE_DIST;
}
