// The scraper image's code (`npm run build:scraper`): scraper/main.ts bundled by esbuild into
// dist/scraper/main.mjs, with beside it, in dist/scraper/node_modules, only what cannot be
// bundled. The Dockerfile's runtime stage copies that folder and nothing else.
import { cpSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { bundleModule, formatBytes, installSharp } from '../components/function-bundle.ts';

const ROOT = resolve(import.meta.dirname, '..');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));

/** Where `npm run build:scraper` writes the bundle; the Dockerfile's build stage copies it out. */
export const SCRAPER_BUNDLE_DIR = join(ROOT, 'dist', 'scraper');

/** The bundle's entry, relative to its folder: the image runs `node main.mjs`. */
export const SCRAPER_ENTRY = 'main.mjs';

export interface ScraperBundle {
  /** The folder the image holds: the entry, its package.json and node_modules. */
  dir: string;
  /** Bytes of the bundled JavaScript. */
  codeBytes: number;
}

/**
 * Bundles the scraper's task into `outDir` and installs its runtime packages there.
 * @throws {Error} when esbuild fails or npm cannot install sharp.
 */
export function bundleScraper(
  outDir = SCRAPER_BUNDLE_DIR,
  install: (dir: string) => void = installRuntimePackages,
): ScraperBundle {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, SCRAPER_ENTRY);
  bundleModule(join(ROOT, 'scraper', 'main.ts'), outfile, {
    // Readable stack traces in the task's logs are worth more than a smaller file next to
    // Chromium; and Crawlee names its storages after their classes' names (constructor.name),
    // which esbuild would otherwise rename on a clash (RequestQueue3).
    keepNames: true,
    // Crawlee's browser pool joins a path with __dirname when it is loaded.
    banner: ['const __filename = import.meta.filename;', 'const __dirname = import.meta.dirname;'],
  });
  install(outDir);
  return { dir: outDir, codeBytes: statSync(outfile).size };
}

/**
 * What the bundle needs at run time and cannot contain, the project's locked versions: sharp
 * with its binary for linux-x64 glibc (the task runs on X86_64, components/scraper.ts), and
 * jQuery, whose file @crawlee/puppeteer resolves when it is loaded (to inject it into pages on
 * request; the scraper never asks).
 */
export function installRuntimePackages(dir: string): void {
  installSharp(dir, 'x86_64');
  const fromCrawlee = createRequire(requireFromRoot.resolve('@crawlee/puppeteer'));
  const jquery = dirname(fromCrawlee.resolve('jquery/package.json'));
  const target = join(dir, 'node_modules', 'jquery');
  rmSync(target, { recursive: true, force: true });
  cpSync(jquery, target, { recursive: true });
}

if (import.meta.main) {
  const bundle = bundleScraper();
  console.log(`scraper  code ${formatBytes(bundle.codeBytes)}  ${bundle.dir}`);
}
