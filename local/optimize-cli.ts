// `npm run optimize -- [--out <dir>] <file>...`: the optimizer's core on local files, for
// operators trying settings or checking a file a user reported. One JSON line per file on
// stdout, progress on stderr.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RefusedInputError } from '../functions/lib/errors.ts';
import {
  analyseImage,
  decodeImage,
  encodeLadder,
} from '../functions/process-image/optimize-image.ts';
import { findDuplicate } from '../functions/process-image/perceptual-hash.ts';

const USAGE = 'Usage: npm run optimize -- [--out <dir>] <file>...';

export type OptimizeLine =
  | {
      file: string;
      status: 'ok';
      width: number;
      height: number;
      variants: { width: number; height: number; bytes: number; path?: string }[];
      colour: string;
      placeholder: string;
      phash: string;
    }
  | {
      file: string;
      status: 'duplicate';
      duplicateOf: string;
      width: number;
      height: number;
      phash: string;
    }
  | { file: string; status: 'rejected'; code: string; reason: string };

/**
 * Optimizes each file in turn; `emit` receives one result per file, in order.
 * @returns the number of files that could not be read at all.
 */
export async function optimizeFiles(
  files: string[],
  options: {
    out?: string | undefined;
    /** Relative paths are resolved from here (npm runs scripts from the package root). */
    cwd?: string | undefined;
    emit: (line: OptimizeLine) => void;
    progress?: (message: string) => void;
  },
): Promise<number> {
  const seen: { file: string; phash: string }[] = [];
  const usedDirs = new Set<string>();
  let unreadable = 0;
  for (const [index, file] of files.entries()) {
    options.progress?.(`[${index + 1}/${files.length}] ${file}`);
    let bytes: Buffer;
    try {
      bytes = await readFile(resolve(options.cwd ?? '.', file));
    } catch (error) {
      unreadable++;
      const reason = `Cannot read the file: ${(error as Error).message}`;
      options.emit({ file, status: 'rejected', code: 'unreadable-file', reason });
      continue;
    }
    try {
      const decoded = await decodeImage(bytes);
      const analysis = await analyseImage(decoded);
      const { width, height } = decoded;
      const original = findDuplicate(analysis.phash, seen);
      if (original) {
        options.emit({
          file,
          status: 'duplicate',
          duplicateOf: original.file,
          width,
          height,
          phash: analysis.phash,
        });
        continue;
      }
      seen.push({ file, phash: analysis.phash });
      const variants = await encodeLadder(decoded);
      const dir =
        options.out &&
        uniqueDir(resolve(options.cwd ?? '.', options.out), basename(file), usedDirs);
      if (dir) await mkdir(dir, { recursive: true });
      const written = await Promise.all(
        variants.map(async (variant) => {
          const summary = {
            width: variant.width,
            height: variant.height,
            bytes: variant.body.length,
          };
          if (!dir) return summary;
          const path = join(dir, `${variant.width}.${variant.format}`);
          await writeFile(path, variant.body);
          return { ...summary, path };
        }),
      );
      options.emit({ file, status: 'ok', width, height, variants: written, ...analysis });
    } catch (error) {
      if (!(error instanceof RefusedInputError)) throw error;
      options.emit({ file, status: 'rejected', code: error.code, reason: error.message });
    }
  }
  return unreadable;
}

function uniqueDir(out: string, name: string, used: Set<string>): string {
  let dir = join(out, name);
  for (let n = 2; used.has(dir); n++) dir = join(out, `${name}-${n}`);
  used.add(dir);
  return dir;
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: { out: { type: 'string' }; help: { type: 'boolean' } };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, help: { type: 'boolean' } },
      allowPositionals: true,
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length === 0) {
    process.stderr.write(`No files given.\n${USAGE}\n`);
    return 2;
  }
  const unreadable = await optimizeFiles(parsed.positionals, {
    out: parsed.values.out,
    // npm runs scripts from the package root; INIT_CWD is where the operator typed the command.
    cwd: process.env.INIT_CWD,
    emit: (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
    progress: (message) => process.stderr.write(`${message}\n`),
  });
  return unreadable > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
