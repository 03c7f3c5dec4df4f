// Encoder settings by measurement: for photos (the corpus' large photos) and flat drawings (the
// demo's flash sheets), every AVIF candidate is encoded at the rungs visitors download most
// and scored with butteraugli (Debian package `butteraugli`) against the undistorted rung,
// next to today's look, WebP q80. The choice per kind: the fewest bytes whose mean distance
// is no worse than WebP q80's, among the candidates encoding in at most 4 times WebP's time.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import sharp, { type AvifOptions } from 'sharp';
import { ENCODER_SETTINGS, IMAGE_KINDS, type ImageKind } from '../core/images/image-settings.ts';
import { flashJpeg } from '../local/demo/flash.ts';
import { readCorpus } from '../test/support/corpus.ts';
import { realSiteJpegs, realSitesDir } from '../test/support/real-sites.ts';

const run = promisify(execFile);
const RUNGS = [640, 1280];
const QUALITIES = (process.env.BENCH_QUALITIES ?? '52,56,60,64').split(',').map(Number);
const EFFORTS = (process.env.BENCH_EFFORTS ?? '0,1,2').split(',').map(Number);
const SUBSAMPLING = ['4:2:0', '4:4:4'] as const;
/** Photos of each source (camera photos, tattoo photos from the real sites). */
const PER_SOURCE = 3;
/**
 * How much slower than WebP q80 a candidate may encode. An image is encoded once and
 * downloaded by every visitor, so bytes win over encode time up to a bound that keeps
 * ingest's Lambda time per image within a small multiple of what it was.
 */
const TIME_BUDGET = 4;

interface Candidate {
  label: string;
  format: 'webp' | 'avif';
  options: object;
}

interface Score {
  bytes: number;
  distance: number;
  ms: number;
}

const REFERENCE: Candidate = {
  label: 'webp q80 e4 (today)',
  format: 'webp',
  options: ENCODER_SETTINGS.photo.webp,
};

function candidates(): Candidate[] {
  const list: Candidate[] = [REFERENCE];
  for (const effort of EFFORTS)
    for (const quality of QUALITIES)
      for (const chromaSubsampling of SUBSAMPLING) {
        const options: AvifOptions = { quality, effort, chromaSubsampling };
        list.push({ label: avifLabel(options), format: 'avif', options });
      }
  return list;
}

const avifLabel = (o: AvifOptions) => `avif q${o.quality} e${o.effort} ${o.chromaSubsampling}`;

/**
 * The inputs of each kind. Photos: the corpus' large camera photos and tattoo photos from the
 * real studio sites (every JPEG there at least as wide as the 1280 rung); drawings: flash
 * sheets drawn by the demo.
 */
export async function inputs(): Promise<Record<ImageKind, { name: string; bytes: Buffer }[]>> {
  const camera = readCorpus()
    .filter(
      (e) =>
        e.expected === 'ok' &&
        e.format.startsWith('jpeg') &&
        (e.width ?? 0) * (e.height ?? 0) >= 5e6,
    )
    .slice(0, PER_SOURCE)
    .map((e) => ({ name: e.file, path: e.path }));
  const tattoos: { name: string; path: string }[] = [];
  for (const path of await realSiteJpegs()) {
    if (tattoos.length === PER_SOURCE) break;
    const { autoOrient } = await sharp(path).metadata();
    if (autoOrient.width >= Math.max(...RUNGS)) {
      tattoos.push({ name: relative(realSitesDir(), path), path });
    }
  }
  const read = (list: { name: string; path: string }[]) =>
    Promise.all(list.map(async ({ name, path }) => ({ name, bytes: await readFile(path) })));
  return {
    photo: await read([...camera, ...tattoos]),
    drawing: await Promise.all(
      [0, 1, 2, 3].map(async (n) => ({ name: `flash sheet ${n}`, bytes: await flashJpeg(n) })),
    ),
  };
}

/** Whether butteraugli is installed. */
async function haveButteraugli(): Promise<boolean> {
  try {
    await run('butteraugli', []);
    return true;
  } catch (error) {
    // It prints its usage and exits 1 without arguments; ENOENT means it is not there.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Measures every candidate on every input of each kind, prints the table and the choice. */
export async function benchQuality(): Promise<void> {
  if (!(await haveButteraugli())) {
    console.log(
      '\nQuality table skipped: butteraugli not found. Install it with: sudo apt-get install -y butteraugli',
    );
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'bench-quality-'));
  const list = candidates();
  sharp.concurrency(1); // encode times comparable between candidates, one core each
  try {
    const byKind = await inputs();
    for (const kind of IMAGE_KINDS) {
      const scores = new Map<string, Score[]>(list.map((c) => [c.label, []]));
      for (const input of byKind[kind]) {
        process.stderr.write(`  quality: ${kind} ${input.name}\n`);
        for (const width of RUNGS) {
          const reference = join(dir, 'reference.png');
          const decoded = join(dir, 'decoded.png');
          const pixels = await sharp(input.bytes)
            .autoOrient()
            .resize({ width })
            .toColourspace('srgb')
            .raw()
            .toBuffer({ resolveWithObject: true });
          const raw = { raw: pixels.info };
          await writeFile(reference, await sharp(pixels.data, raw).png().toBuffer());
          for (const candidate of list) {
            const started = performance.now();
            const body = await (candidate.format === 'avif'
              ? sharp(pixels.data, raw).avif(candidate.options)
              : sharp(pixels.data, raw).webp(candidate.options)
            ).toBuffer();
            const ms = performance.now() - started;
            await sharp(body).png().toFile(decoded);
            const { stdout } = await run('butteraugli', [reference, decoded]);
            scores.get(candidate.label)?.push({ bytes: body.length, distance: Number(stdout), ms });
          }
        }
      }
      printKind(kind, list, scores, byKind[kind].length);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function printKind(
  kind: ImageKind,
  list: Candidate[],
  scores: Map<string, Score[]>,
  count: number,
) {
  const mean = (label: string, field: keyof Score) => {
    const values = scores.get(label) ?? [];
    return values.reduce((sum, s) => sum + s[field], 0) / values.length;
  };
  console.log(
    `\nEncoder settings for ${kind}s: ${count} images at ${RUNGS.join(' and ')} px, means per rung; butteraugli distance (lower is closer to the undistorted rung)`,
  );
  console.log(
    `${'settings'.padEnd(24)} ${'KB'.padStart(7)} ${'distance'.padStart(9)} ${'encode ms'.padStart(10)}`,
  );
  for (const candidate of list) {
    const l = candidate.label;
    console.log(
      `${l.padEnd(24)} ${(mean(l, 'bytes') / 1024).toFixed(1).padStart(7)} ${mean(l, 'distance').toFixed(2).padStart(9)} ${mean(l, 'ms').toFixed(0).padStart(10)}`,
    );
  }
  const target = mean(REFERENCE.label, 'distance');
  const budget = mean(REFERENCE.label, 'ms') * TIME_BUDGET;
  const eligible = list.filter(
    (c) =>
      c.format === 'avif' && mean(c.label, 'distance') <= target && mean(c.label, 'ms') <= budget,
  );
  const best = eligible.toSorted((a, b) => mean(a.label, 'bytes') - mean(b.label, 'bytes'))[0];
  const inUse = avifLabel(ENCODER_SETTINGS[kind].avif);
  if (!best) {
    console.log(
      `No AVIF setting matches WebP q80 within ${TIME_BUDGET}x its time; in use: ${inUse}`,
    );
    return;
  }
  const saving = 1 - mean(best.label, 'bytes') / mean(REFERENCE.label, 'bytes');
  console.log(
    `Chosen for ${kind}s: ${best.label}, ${(saving * 100).toFixed(0)}% fewer bytes than WebP q80 at a distance no worse (${mean(best.label, 'distance').toFixed(2)} <= ${target.toFixed(2)}); in use: ${inUse}${inUse === best.label ? ' (the same)' : ' (differs: update core/images/image-settings.ts)'}`,
  );
}
