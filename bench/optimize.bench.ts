// Benchmark of the optimizer against plain sharp making the same outputs (the AVIF and WebP
// ladders) on the corpus' large photos; then the encoder settings' quality table. Each mode
// runs in its own child process (for its peak memory), in interleaved rounds (so drift on a
// noisy machine hits every mode alike); figures are medians per photo.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { ImageRecords } from '../core/images/image-records.ts';
import { ENCODER_SETTINGS } from '../core/images/image-settings.ts';
import { ladderFor, PRECOMPUTED_FORMATS } from '../core/images/ladder.ts';
import { rawKey } from '../core/images/object-keys.ts';
import { decodeImage, encodeLadder } from '../core/images/optimize-image.ts';
import {
  type ProcessDependencies,
  processRawObject,
} from '../core/optimizer/process-raw-object.ts';
import { silentLogger } from '../core/platform/logger.ts';
import { processDependencies } from '../functions/process-image/dependencies.ts';
import { startStandIns } from '../local/stand-ins.ts';
import { readCorpus } from '../test/support/corpus.ts';
import { runChild } from './child-run.ts';
import { benchQuality } from './quality.bench.ts';
import { median } from './stats.ts';

const MODES = ['sharp-per-width', 'optimizer-core', 'optimizer'] as const;
type Mode = (typeof MODES)[number];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const MODE_LABELS: Record<Mode, string> = {
  'sharp-per-width': '(a) plain sharp, one pipeline per width and format, concurrent',
  'optimizer-core': 'optimizer: decode once + cascade, both ladders only',
  optimizer: 'optimizer: both ladders + placeholder, colour, hash, kind, record',
};

interface ChildResult {
  times: Record<string, number>;
  maxRssMb: number;
}

/** The photos the benchmark uses: every accepted JPEG photo of the corpus of 5 MP or more. */
function largePhotos() {
  return readCorpus().filter(
    (entry) =>
      entry.expected === 'ok' &&
      entry.format.startsWith('jpeg') &&
      (entry.width ?? 0) * (entry.height ?? 0) >= 5e6,
  );
}

/** One pass of one mode over every photo, after one untimed warm-up; run inside a child. */
async function child(mode: Mode): Promise<ChildResult> {
  const photos = await Promise.all(
    largePhotos().map(async (p) => ({ file: p.file, bytes: await readFile(p.path) })),
  );
  const work = await prepare(mode);
  const times: Record<string, number> = {};
  try {
    const first = photos[0];
    if (first) await work.run(first.bytes, first.file);
    for (const photo of photos) {
      const started = performance.now();
      await work.run(photo.bytes, photo.file);
      times[photo.file] = performance.now() - started;
    }
  } finally {
    await work.close();
  }
  return { times, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function prepare(
  mode: Mode,
): Promise<{ run: (bytes: Buffer, file: string) => Promise<unknown>; close: () => Promise<void> }> {
  switch (mode) {
    case 'sharp-per-width':
      return {
        run: async (bytes) => {
          const { autoOrient } = await sharp(bytes).metadata();
          const settings = ENCODER_SETTINGS.photo;
          // Largest first, as the optimizer does: the longest encodes start at once.
          return Promise.all(
            ladderFor(autoOrient.width, autoOrient.height)
              .toReversed()
              .flatMap((rung) =>
                PRECOMPUTED_FORMATS.map((format) => {
                  const pipeline = sharp(bytes).autoOrient().resize({ width: rung.width });
                  return (
                    format === 'avif' ? pipeline.avif(settings.avif) : pipeline.webp(settings.webp)
                  ).toBuffer();
                }),
              ),
          );
        },
        close: async () => {},
      };
    case 'optimizer-core':
      return {
        run: async (bytes) => encodeLadder(await decodeImage(bytes), 'photo'),
        close: async () => {},
      };
    case 'optimizer': {
      // The real processRawObject, records on a dynalite stand-in; S3 is an in-memory fake so
      // that neither side pays for transfers (plain sharp stores nothing either).
      const standIns = await startStandIns();
      const records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
      let original: Uint8Array = new Uint8Array();
      const s3 = {
        send: async (command: object) =>
          command instanceof GetObjectCommand
            ? {
                ContentLength: original.length,
                Metadata: {},
                Body: { transformToByteArray: async () => original },
              }
            : {},
      } as unknown as S3Client;
      const deps: ProcessDependencies = {
        ...processDependencies(
          { s3, dynamo: standIns.clients.dynamo },
          { rawBucket: 'raw', optimizedBucket: 'optimized', tableName: standIns.config.tableName },
          { logger: silentLogger() },
        ),
        records,
      };
      let pass = 0;
      return {
        run: async (bytes) => {
          original = bytes;
          const sha256 = createHash('sha256').update(bytes).digest('hex');
          // A new artist per pass: no record exists yet, and no earlier pass is a duplicate.
          const outcome = await processRawObject(deps, rawKey(`bench-${pass++}`, sha256));
          if (outcome.status !== 'ok') throw new Error(`Expected ok, got ${outcome.status}`);
        },
        close: () => standIns.stop(),
      };
    }
  }
}

/** Runs the benchmark and prints its table and ratios. */
export async function benchOptimize(): Promise<void> {
  const photos = largePhotos();
  const modes: Mode[] = [...MODES];
  console.log(
    `Optimizer benchmark: ${photos.length} photos, ${ROUNDS} interleaved rounds, sharp concurrency ${sharp.concurrency()}`,
  );
  const samples = new Map<Mode, ChildResult[]>(modes.map((m) => [m, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mode of modes) {
      process.stderr.write(`  round ${round}/${ROUNDS}: ${mode}\n`);
      samples.get(mode)?.push(await runChild<ChildResult>(import.meta.url, mode));
    }
  }
  const perPhoto = (mode: Mode, file: string) =>
    median((samples.get(mode) ?? []).map((s) => s.times[file] ?? Number.NaN));
  const megapixels = (p: (typeof photos)[number]) => ((p.width ?? 0) * (p.height ?? 0)) / 1e6;
  const totalMp = photos.reduce((sum, p) => sum + megapixels(p), 0);

  console.log(
    `\n${'photo'.padEnd(30)} ${'MP'.padStart(5)} ${modes.map((m) => m.padStart(16)).join(' ')}  (median ms)`,
  );
  for (const photo of photos) {
    const cells = modes.map((m) => perPhoto(m, photo.file).toFixed(0).padStart(16)).join(' ');
    console.log(`${photo.file.padEnd(30)} ${megapixels(photo).toFixed(1).padStart(5)} ${cells}`);
  }
  const total = (mode: Mode) => photos.reduce((sum, p) => sum + perPhoto(mode, p.file), 0);
  console.log('');
  for (const mode of modes) {
    const ms = total(mode);
    const peak = Math.max(...(samples.get(mode) ?? []).map((s) => s.maxRssMb));
    console.log(
      `${MODE_LABELS[mode].padEnd(74)} ${(ms / photos.length).toFixed(0).padStart(5)} ms/image ${(totalMp / (ms / 1000)).toFixed(1).padStart(6)} MP/s  peak RSS ${peak.toFixed(0)} MB`,
    );
  }
  const ratio = (a: Mode, b: Mode) => total(a) / total(b);
  console.log('');
  console.log(
    `optimizer / (a) plain sharp:        ${ratio('optimizer', 'sharp-per-width').toFixed(2)}x  (target <= 1.0x: the cascade decodes once)`,
  );
  console.log(
    `optimizer core / (a) plain sharp:   ${ratio('optimizer-core', 'sharp-per-width').toFixed(2)}x  (the cascade alone)`,
  );
  await benchQuality();
}

if (process.argv[2] === '--child') {
  const result = await child(process.argv[3] as Mode);
  process.stdout.write(JSON.stringify(result));
}
