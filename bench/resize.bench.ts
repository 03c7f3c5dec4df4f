// Benchmark of on-demand variants: the resize handler against bare sharp doing the same
// resize of a 12 MP photo to 1280 px (JPEG, the format that is only ever made on demand, and
// WebP and AVIF, as for an image stored before they were precomputed), interleaved in one
// run; then through the local edge, a cold miss (bucket 404, then the resize function)
// against a cache hit.
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import sharp from 'sharp';
import type { ResizeDependencies } from '../core/edge/resize-variant.ts';
import { ImageLeases } from '../core/images/image-leases.ts';
import { ImageRecords, type OkImageRecord } from '../core/images/image-records.ts';
import { ENCODER_SETTINGS } from '../core/images/image-settings.ts';
import { ladderFor } from '../core/images/ladder.ts';
import { rawKey } from '../core/images/object-keys.ts';
import { silentLogger } from '../core/platform/logger.ts';
import { handleResizeRequest } from '../functions/resize-image/adapter.ts';
import { startImageEdgeServer } from '../local/image-edge.ts';
import { localResizeDependencies } from '../local/resize-service.ts';
import { type StandIns, startStandIns } from '../local/stand-ins.ts';
import { corpusFile } from '../test/support/corpus.ts';
import { median, p50p95 } from './stats.ts';

const SOURCE = '42_IndexError.jpg';
const ROUNDS = Number(process.env.BENCH_RESIZE_ROUNDS ?? 15);
const FORMATS = ['jpeg', 'webp', 'avif'] as const;

/** Records of `count` distinct images that all point at one original, so each is a new miss. */
async function seedImages(standIns: StandIns, slug: string, original: Buffer, count: number) {
  const sha256 = createHash('sha256').update(original).digest('hex');
  const { autoOrient } = await sharp(original).metadata();
  const records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const imageId = i.toString(16).padStart(16, '0');
    const record: OkImageRecord = {
      artist: slug,
      imageId,
      rawKey: rawKey(slug, sha256),
      sha256,
      provenance: { source: 'upload' },
      processedAt: new Date().toISOString(),
      status: 'ok',
      sourceFormat: 'jpeg',
      width: autoOrient.width,
      height: autoOrient.height,
      hasAlpha: false,
      variants: [],
      placeholder: '',
      colour: '#000000',
      phash: imageId,
    };
    await records.putNew(record);
    ids.push(imageId);
  }
  return { ids, rawKey: rawKey(slug, sha256) };
}

function event(path: string): LambdaFunctionURLEvent {
  return { rawPath: path, requestContext: { http: { method: 'GET' } } } as LambdaFunctionURLEvent;
}

async function handlerAgainstSharp(standIns: StandIns, original: Buffer) {
  const { ids } = await seedImages(standIns, 'bench-handler', original, ROUNDS * FORMATS.length);
  // S3 in memory: the original for any raw read, nothing in the optimized bucket, writes
  // dropped. Bare sharp transfers nothing either; DynamoDB (records, leases) is the stand-in.
  const s3 = {
    send: async (command: object) => {
      if (!(command instanceof GetObjectCommand)) return {};
      if (command.input.Key?.startsWith('img/')) {
        throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
      }
      return {
        ContentLength: original.length,
        Metadata: {},
        Body: { transformToByteArray: async () => original },
      };
    },
  } as unknown as S3Client;
  const deps: ResizeDependencies = {
    ...localResizeDependencies(standIns),
    s3,
    leases: new ImageLeases(standIns.clients.dynamo, standIns.config.tableName),
    logger: silentLogger(),
  };
  const { autoOrient } = await sharp(original).metadata();
  const rung = ladderFor(autoOrient.width, autoOrient.height).find((r) => r.slot === 1280);
  const times = new Map<string, number[]>();
  const time = async (name: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    times.set(name, [...(times.get(name) ?? []), performance.now() - started]);
  };
  let next = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    for (const format of FORMATS) {
      const bare = () =>
        sharp(original)
          .autoOrient()
          .resize({ width: rung?.width, height: rung?.height, fit: 'fill' })
          .toFormat(format, ENCODER_SETTINGS.photo[format])
          .toBuffer();
      const handler = async () => {
        const response = await handleResizeRequest(
          deps,
          event(`/img/bench-handler/${ids[next++]}/1280.${format}`),
        );
        if (response.statusCode !== 200) throw new Error(`handler answered ${response.statusCode}`);
      };
      if (round === 0) {
        await bare(); // warm-up, untimed
        continue;
      }
      await time(`bare sharp ${format}`, bare);
      await time(`handler ${format}`, handler);
    }
  }
  console.log(`\nResize of a 12 MP photo (${SOURCE}) to 1280 px, ${ROUNDS} rounds, interleaved:`);
  for (const format of FORMATS) {
    const bare = times.get(`bare sharp ${format}`) ?? [];
    const handler = times.get(`handler ${format}`) ?? [];
    console.log(
      `  ${format.padEnd(5)} bare sharp ${p50p95(bare)} | handler ${p50p95(handler)} | handler / bare ${(median(handler) / median(bare)).toFixed(2)}x (target <= 1.2x)`,
    );
  }
}

async function throughTheEdge(standIns: StandIns, original: Buffer) {
  const { ids, rawKey: key } = await seedImages(
    standIns,
    'bench-edge',
    original,
    ROUNDS * FORMATS.length,
  );
  await standIns.clients.s3.send(
    new PutObjectCommand({
      Bucket: standIns.config.rawBucket,
      Key: key,
      Body: original,
    }),
  );
  const deps = localResizeDependencies(standIns);
  const edge = await startImageEdgeServer({
    s3: standIns.clients.s3,
    optimizedBucket: standIns.config.optimizedBucket,
    resize: (e) => handleResizeRequest(deps, e),
  });
  const timed = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${edge.url}${path}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    return performance.now() - started;
  };
  try {
    const misses = new Map<string, number[]>(FORMATS.map((format) => [format, []]));
    const hits: number[] = [];
    let next = 0;
    await timed(`/img/bench-edge/${ids[next++]}/1280.jpeg`); // warm-up
    for (let round = 1; round < ROUNDS; round++) {
      for (const format of FORMATS) {
        const path = `/img/bench-edge/${ids[next++]}/1280.${format}`;
        misses.get(format)?.push(await timed(path));
        for (let i = 0; i < 5; i++) hits.push(await timed(path));
      }
    }
    console.log(`\nThrough the local edge (HTTP on 127.0.0.1, s3rver + dynalite):`);
    for (const format of FORMATS) {
      console.log(
        `  cold miss ${format.padEnd(5)} ${p50p95(misses.get(format) ?? [])}${format === 'jpeg' ? ' (target p50 <= 120 ms)' : ''}`,
      );
    }
    console.log(`  hit             ${p50p95(hits)} (target <= 2 ms)`);
  } finally {
    await edge.close();
  }
}

/** Runs the benchmark and prints its figures. */
export async function benchResize(): Promise<void> {
  const original = corpusFile(SOURCE);
  const standIns = await startStandIns();
  try {
    await handlerAgainstSharp(standIns, original);
    await throughTheEdge(standIns, original);
  } finally {
    await standIns.stop();
  }
}
