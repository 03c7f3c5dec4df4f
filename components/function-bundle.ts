// Lambda packaging: each handler bundled by esbuild into one ES module, and, for the functions
// that decode images, sharp installed beside it for the function's own CPU (npm's --os/--cpu/
// --libc select the prebuilt libvips for linux-x64 or linux-arm64, whatever machine deploys).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { type BuildOptions, buildSync } from 'esbuild';

export type Architecture = 'x86_64' | 'arm64';

export interface FunctionSource {
  /** The handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** Whether the function decodes images (sharp's native binary ships with it). */
  sharp: boolean;
}

/** Every Lambda function of the system. */
export const FUNCTION_SOURCES = {
  'process-image': { entry: 'functions/process-image/handler.ts', sharp: true },
  'resize-image': { entry: 'functions/resize-image/handler.ts', sharp: true },
  'artist-api': { entry: 'functions/artist-api/handler.ts', sharp: false },
  'plan-ingest': { entry: 'functions/plan-ingest/handler.ts', sharp: false },
  reconcile: { entry: 'functions/reconcile/handler.ts', sharp: false },
  'summarize-ingest': { entry: 'functions/summarize-ingest/handler.ts', sharp: false },
} as const satisfies Record<string, FunctionSource>;

export type FunctionName = keyof typeof FUNCTION_SOURCES;

/** Lambda's limit on a function's unzipped deployment package. */
export const UNZIPPED_LIMIT_BYTES = 250 * 1024 * 1024;

export interface FunctionBundle {
  name: FunctionName;
  architecture: Architecture;
  /** Directory to upload as the function's code. */
  dir: string;
  /** The handler setting: `index.handler`. */
  handler: string;
  /** Bytes of the bundled JavaScript. */
  codeBytes: number;
  /** Bytes of everything in `dir` (code and native modules). */
  totalBytes: number;
}

const ROOT = resolve(import.meta.dirname, '..');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));

/** The sharp version the project is locked to; the bundle gets exactly this one. */
export function lockedSharpVersion(): string {
  // sharp's exports hide its package.json: read it next to its resolved entry.
  const entry = requireFromRoot.resolve('sharp');
  const manifest = join(
    entry.slice(0, entry.lastIndexOf(`${sep}sharp${sep}`)),
    'sharp',
    'package.json',
  );
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/**
 * Bundles one function into `<outRoot>/<name>-<architecture>/`.
 * @throws {Error} when the bundle fails or exceeds Lambda's unzipped size limit.
 */
export function bundleFunction(
  name: FunctionName,
  architecture: Architecture,
  outRoot = join(ROOT, '.build', 'lambda'),
  install: (dir: string, architecture: Architecture) => void = installSharp,
  limitBytes = UNZIPPED_LIMIT_BYTES,
): FunctionBundle {
  const source: FunctionSource = FUNCTION_SOURCES[name];
  const dir = join(outRoot, `${name}-${architecture}`);
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'index.mjs');
  bundleModule(join(ROOT, source.entry), outfile, { minify: true });
  if (source.sharp) install(dir, architecture);
  else rmSync(join(dir, 'node_modules'), { recursive: true, force: true });

  const bundle: FunctionBundle = {
    name,
    architecture,
    dir,
    handler: 'index.handler',
    codeBytes: statSync(outfile).size,
    totalBytes: directoryBytes(dir),
  };
  if (bundle.totalBytes > limitBytes) {
    throw new Error(
      `${name} (${architecture}) is ${formatBytes(bundle.totalBytes)} unzipped, over Lambda's ${formatBytes(limitBytes)}`,
    );
  }
  return bundle;
}

/**
 * Bundles `entry` with esbuild into one ES module for Node 24 at `outfile`, beside it a
 * package.json saying so (without one, npm would also install into the repository's own
 * node_modules). sharp is left out: it loads a native binary, installed beside the bundle.
 * `banner` adds lines to the module's start.
 */
export function bundleModule(
  entry: string,
  outfile: string,
  options: Pick<BuildOptions, 'minify' | 'keepNames'> & { banner?: string[] } = {},
): void {
  const { banner = [], ...build } = options;
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'error',
    external: ['sharp'],
    ...build,
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module';",
        'const require = __createRequire(import.meta.url);',
        ...banner,
      ].join(' '),
    },
  });
  writeFileSync(
    join(dirname(outfile), 'package.json'),
    `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`,
  );
}

/** npm's name for a Lambda architecture. */
export const NPM_CPU: Readonly<Record<Architecture, string>> = { x86_64: 'x64', arm64: 'arm64' };

/**
 * Installs the locked sharp for linux/<cpu>/glibc into `dir/node_modules`, unless that exact
 * version and platform are there already.
 */
export function installSharp(dir: string, architecture: Architecture): void {
  const version = lockedSharpVersion();
  const cpu = NPM_CPU[architecture];
  const marker = join(dir, 'node_modules', '@img', `sharp-linux-${cpu}`, 'package.json');
  const installed = join(dir, 'node_modules', 'sharp', 'package.json');
  if (
    existsSync(marker) &&
    existsSync(installed) &&
    (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version === version
  ) {
    return;
  }
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--omit=dev',
      '--os=linux',
      `--cpu=${cpu}`,
      '--libc=glibc',
      `sharp@${version}`,
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (!existsSync(marker)) {
    throw new Error(`npm did not install sharp's binary for linux-${cpu} into ${dir}`);
  }
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${(bytes / 1024).toFixed(1)} KB`;
}
