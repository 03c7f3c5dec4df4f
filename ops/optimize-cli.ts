// `npm run optimize -- [--out <dir>] <file>...`: the optimizer's core on local files, for
// operators trying settings or checking a file a user reported. One JSON line per file on
// stdout, progress on stderr.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type HashedImage, sameImage } from '../core/images/duplicates.ts';
import { type ImageKind, MAX_INPUT_BYTES } from '../core/images/image-settings.ts';
import type { PrecomputedFormat } from '../core/images/ladder.ts';
import { encodeLadder, fileTooLarge, prepareOriginal } from '../core/images/optimize-image.ts';
import { RefusedInputError } from '../core/platform/errors.ts';

const USAGE = 'Usage: npm run optimize -- [--out <dir>] <file>...';

export type OptimizeLine =
  | {
      file: string;
      status: 'ok';
      width: number;
      height: number;
      variants: {
        format: PrecomputedFormat;
        width: number;
        height: number;
        bytes: number;
        path?: string;
      }[];
      kind: ImageKind;
      colour: string;
      placeholder: string;
      phash: string;
    }
  | {
      file: string;
      status: 'duplicate';
      reason: string;
      duplicateOf: string;
      width: number;
      height: number;
      phash: string;
    }
  | { file: string; status: 'rejected'; code: string; reason: string };

/**
 * Optimizes each file in turn; `emit` receives one result per file, in order.
 * @returns the number of files that could not be read or processed for reasons other than
 *   their content (missing, unreadable, out of memory).
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
  const seen: (HashedImage & { file: string })[] = [];
  const usedDirs = new Set<string>();
  let failed = 0;
  for (const [index, file] of files.entries()) {
    options.progress?.(`[${index + 1}/${files.length}] ${file}`);
    const path = resolve(options.cwd ?? '.', file);
    let bytes: Buffer;
    try {
      const { size } = await stat(path);
      if (size > MAX_INPUT_BYTES) throw fileTooLarge(size);
      bytes = await readFile(path);
    } catch (error) {
      if (error instanceof RefusedInputError) {
        options.emit({ file, status: 'rejected', code: error.code, reason: error.message });
        continue;
      }
      failed++;
      const reason = `Cannot read the file: ${(error as Error).message}`;
      options.emit({ file, status: 'rejected', code: 'unreadable-file', reason });
      continue;
    }
    try {
      const { decoded, analysis } = await prepareOriginal(bytes);
      const { width, height } = decoded;
      const me = { file, imageId: String(index), phash: analysis.phash, width, height };
      const original = seen.find((other) => sameImage(me, [other]).length > 0);
      if (original) {
        const reason = `The same photo as ${original.file}`;
        options.emit({
          file,
          status: 'duplicate',
          reason,
          duplicateOf: original.file,
          width,
          height,
          phash: me.phash,
        });
        continue;
      }
      seen.push(me);
      const variants = await encodeLadder(decoded, analysis.kind);
      const dir =
        options.out &&
        uniqueDir(resolve(options.cwd ?? '.', options.out), basename(file), usedDirs);
      if (dir) await mkdir(dir, { recursive: true });
      const written = await Promise.all(
        variants.map(async (variant) => {
          const summary = {
            format: variant.format,
            width: variant.width,
            height: variant.height,
            bytes: variant.body.length,
          };
          if (!dir) return summary;
          const variantPath = join(dir, `${variant.width}.${variant.format}`);
          await writeFile(variantPath, variant.body);
          return { ...summary, path: variantPath };
        }),
      );
      options.emit({ file, status: 'ok', width, height, variants: written, ...analysis });
    } catch (error) {
      if (error instanceof RefusedInputError) {
        options.emit({ file, status: 'rejected', code: error.code, reason: error.message });
        continue;
      }
      // Not the file's fault (a full disk, no memory): say so and go on with the next file.
      failed++;
      options.emit({
        file,
        status: 'rejected',
        code: 'internal-error',
        reason: (error as Error).message,
      });
    }
  }
  return failed;
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

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
