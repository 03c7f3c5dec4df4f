// The cost and capacity model (docs/cost.md), printed from figures measured in this run: the
// optimizer's time and bytes per image on real photos, what a record and a profile weigh in
// DynamoDB, and the scraper's time per artist on the real studio sites; priced with AWS list
// prices (the PRICES table, us-east-1, to be checked against the pricing pages before use).
import { OPTIMIZER_MAX_CONCURRENCY } from '../components/image-pipeline.ts';
import { stackConfigSchema } from '../components/stack-config.ts';
import { ladderFor, PRECOMPUTED_FORMATS } from '../core/images/ladder.ts';
import { variantKey } from '../core/images/object-keys.ts';
import { analyseImage, decodeImage, encodeLadder } from '../core/images/optimize-image.ts';
import { scrapeRealSite } from '../test/support/real-site-scrape.ts';
import { realSiteNames } from '../test/support/real-sites.ts';
import { inputs } from './quality.bench.ts';

/** AWS list prices, us-east-1, as published in 2026 (USD). */
export const PRICES = {
  lambdaGbSecondX86: 0.0000166667,
  lambdaRequest: 0.2 / 1e6,
  s3StorageGbMonth: 0.023,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  /** Cross-region replication: data out to the backup's region. */
  interRegionGb: 0.02,
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  sqsRequest: 0.4 / 1e6,
  cloudfrontGb: 0.085,
  cloudfrontHttpsRequest: 0.01 / 10_000,
  wafRequest: 0.6 / 1e6,
  fargateVcpuHour: 0.04048,
  fargateGbHour: 0.004445,
};

const defaults = {
  optimizerMemoryMb: stackConfigSchema.shape.optimizerMemoryMb.parse(undefined),
  scraperCpu: stackConfigSchema.shape.scraperCpu.parse(undefined),
  scraperMemoryMb: stackConfigSchema.shape.scraperMemoryMb.parse(undefined),
  scraperBatchSize: stackConfigSchema.shape.scraperBatchSize.parse(undefined),
  scraperMaxConcurrency: stackConfigSchema.shape.scraperMaxConcurrency.parse(undefined),
  resizeReservedConcurrency: stackConfigSchema.shape.resizeReservedConcurrency.parse(undefined),
};

/** The share of image views CloudFront answers from its cache (assumed; variants are immutable). */
const CACHE_HIT_RATIO = 0.9;
/** The scraper's default politeness delay between requests to one host (scraper/config.ts). */
const HOST_DELAY_S = 1;
const KB = 1024;
const GB = 1024 ** 3;

interface ImageFigures {
  seconds: number;
  originalBytes: number;
  ladderBytes: Record<string, number>;
  variants: number;
  /** The AVIF rung a phone fetches for a full-width gallery image (about 400 CSS px at DPR 2-3). */
  phoneViewBytes: number;
}

async function measureImages(): Promise<ImageFigures[]> {
  const { photo } = await inputs();
  const figures: ImageFigures[] = [];
  for (const input of photo) {
    process.stderr.write(`  cost: optimizing ${input.name}\n`);
    const started = performance.now();
    const decoded = await decodeImage(input.bytes);
    const analysis = await analyseImage(decoded);
    const ladder = await encodeLadder(decoded, analysis.kind);
    const seconds = (performance.now() - started) / 1000;
    const ladderBytes: Record<string, number> = {};
    for (const variant of ladder)
      ladderBytes[variant.format] = (ladderBytes[variant.format] ?? 0) + variant.body.length;
    const phone = ladder.find((v) => v.format === 'avif' && v.slot === 960) ?? ladder.at(-1);
    figures.push({
      seconds,
      originalBytes: input.bytes.length,
      ladderBytes,
      variants: ladder.length,
      phoneViewBytes: phone?.body.length ?? 0,
    });
  }
  return figures;
}

/**
 * DynamoDB write units of an item (1 per KB, rounded up). Its size is about its JSON's:
 * attribute names and values, a little over DynamoDB's own count.
 */
function writeUnits(item: Record<string, unknown>): number {
  const bytes = Buffer.byteLength(JSON.stringify(item));
  return Math.ceil(bytes / KB);
}

/** A typical shown image's record: both ladders, a caption, provenance. */
function typicalRecord(variants: number) {
  const imageId = '0123456789abcdef';
  const rungs = ladderFor(4032, 3024);
  return {
    pk: 'ARTIST#some-artist',
    sk: `IMAGE#${imageId}`,
    gsi1pk: 'IMAGES#some-artist',
    gsi1sk: `2026-11-01T00:00:00.000Z#${imageId}`,
    status: 'ok',
    artist: 'some-artist',
    imageId,
    rawKey: `originals/some-artist/${'0'.repeat(64)}`,
    sha256: '0'.repeat(64),
    provenance: {
      source: 'instagram',
      permalink: 'https://www.instagram.com/p/Cabc123def/',
      caption: 'Fine-line rose, healed. Books open for December #finelinetattoo #rosetattoo',
      takenAt: '2026-11-01T00:00:00.000Z',
      scrapedAt: '2026-11-02T00:00:00.000Z',
    },
    processedAt: '2026-11-02T00:00:01.000Z',
    sourceFormat: 'jpeg',
    width: 4032,
    height: 3024,
    hasAlpha: false,
    variants: PRECOMPUTED_FORMATS.flatMap((format) =>
      rungs.map((rung) => ({
        ...rung,
        format,
        key: variantKey('some-artist', imageId, rung.slot, format),
        bytes: 123456,
      })),
    ).slice(0, variants),
    placeholder: 'YJqGPQw7sFlslqhFafSE+Q6oJ1h2iHB2Rw',
    colour: '#336699',
    phash: 'ffff0000ffff0000',
    kind: 'photo',
  };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const usd = (value: number) => `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;

export async function benchCost(): Promise<void> {
  const images = await measureImages();
  const sites: { seconds: number; pages: number }[] = [];
  for (const name of realSiteNames()) {
    process.stderr.write(`  cost: scraping ${name}\n`);
    const run = await scrapeRealSite(name);
    sites.push({ seconds: run.seconds, pages: run.report.pages });
  }

  const seconds = mean(images.map((i) => i.seconds));
  const original = mean(images.map((i) => i.originalBytes));
  const avif = mean(images.map((i) => i.ladderBytes.avif ?? 0));
  const webp = mean(images.map((i) => i.ladderBytes.webp ?? 0));
  const variants = mean(images.map((i) => i.variants));
  const phoneView = mean(images.map((i) => i.phoneViewBytes));
  const record = typicalRecord(Math.round(variants));
  const recordUnits = writeUnits(record);
  const optimizerGb = defaults.optimizerMemoryMb / 1024;

  console.log('\nCost and capacity model (docs/cost.md), from the figures measured in this run');
  console.log(
    `Measured: ${images.length} real photos, optimizer ${(seconds * 1000).toFixed(0)} ms per image on this machine (both ladders, placeholder, hash, kind), ` +
      `original ${(original / KB).toFixed(0)} KB, AVIF ladder ${(avif / KB).toFixed(0)} KB, WebP ladder ${(webp / KB).toFixed(0)} KB, ${variants.toFixed(0)} variants, ` +
      `the 960 px AVIF a phone fetches ${(phoneView / KB).toFixed(0)} KB; a record ${recordUnits} KB (write units)`,
  );

  // Ingest, per 1,000 images.
  const lambdaGbS = optimizerGb * seconds * 1000;
  const puts = 1000 * (1 + variants) * 2; // originals and variants, and their replicas
  const gets = 1000 * 1; // the optimizer reads each original once
  const storedGb = (1000 * (original + avif + webp)) / GB;
  // Writes: the source record (1), the image record and its index copy, the cover offer (a
  // profile holding the record, and its index copy).
  const writes = 1000 * (1 + 2 * recordUnits + 2 * (recordUnits + 1));
  const ingest = [
    [
      'Lambda (optimizer)',
      `${lambdaGbS.toFixed(0)} GB-s at ${defaults.optimizerMemoryMb} MB`,
      lambdaGbS * PRICES.lambdaGbSecondX86 + 1000 * PRICES.lambdaRequest,
    ],
    [
      'S3 requests',
      `${puts.toFixed(0)} PUT (replicas included), ${gets} GET`,
      puts * PRICES.s3Put + gets * PRICES.s3Get,
    ],
    [
      'Replication transfer',
      `${storedGb.toFixed(2)} GB to the backup region`,
      storedGb * PRICES.interRegionGb,
    ],
    ['DynamoDB writes', `${writes.toFixed(0)} write units`, writes * PRICES.dynamoWriteUnit],
    ['SQS', '2,000 requests', 2000 * PRICES.sqsRequest],
  ] as const;
  const monthly = storedGb * 2 * PRICES.s3StorageGbMonth; // live buckets and the backup
  console.log('\nIngest, per 1,000 images (one time):');
  for (const [what, how, cost] of ingest)
    console.log(`  ${what.padEnd(22)} ${how.padEnd(50)} ${usd(cost)}`);
  console.log(
    `  ${'total'.padEnd(22)} ${''.padEnd(50)} ${usd(ingest.reduce((s, r) => s + r[2], 0))}`,
  );
  console.log(
    `  then storage: ${storedGb.toFixed(2)} GB live + the same in the backup: ${usd(monthly)} a month`,
  );

  // Serving, per 1M image views.
  const viewGb = (1e6 * phoneView) / GB;
  const misses = 1e6 * (1 - CACHE_HIT_RATIO);
  const serving = [
    [
      'CloudFront transfer',
      `${viewGb.toFixed(1)} GB (the 960 px AVIF per view)`,
      viewGb * PRICES.cloudfrontGb,
    ],
    ['CloudFront requests', '1M HTTPS', 1e6 * PRICES.cloudfrontHttpsRequest],
    ['WAF', '1M requests inspected', 1e6 * PRICES.wafRequest],
    [
      'S3 GET on misses',
      `${misses.toFixed(0)} (${(CACHE_HIT_RATIO * 100).toFixed(0)}% cache hits assumed)`,
      misses * PRICES.s3Get,
    ],
    ['Lambda (resize)', 'none: every variant the site names is stored', 0],
  ] as const;
  console.log('\nServing, per 1M image views:');
  for (const [what, how, cost] of serving)
    console.log(`  ${what.padEnd(22)} ${how.padEnd(50)} ${usd(cost)}`);
  console.log(
    `  ${'total'.padEnd(22)} ${''.padEnd(50)} ${usd(serving.reduce((s, r) => s + r[2], 0))}`,
  );

  // Fargate, per 1,000 artists.
  const pages = mean(sites.map((s) => s.pages));
  const perArtist = mean(sites.map((s) => s.seconds)) + pages * HOST_DELAY_S;
  const vcpu = defaults.scraperCpu / 1024;
  const memoryGb = defaults.scraperMemoryMb / 1024;
  const taskHours = (1000 * perArtist) / 3600;
  const fargate = taskHours * (vcpu * PRICES.fargateVcpuHour + memoryGb * PRICES.fargateGbHour);
  console.log('\nScraping, per 1,000 artists (one website each):');
  console.log(
    `  measured on ${sites.length} real studio sites: ${pages.toFixed(0)} pages and ${mean(sites.map((s) => s.seconds)).toFixed(1)} s per site, ` +
      `plus ${HOST_DELAY_S} s politeness per page: ${perArtist.toFixed(0)} s per artist`,
  );
  console.log(
    `  ${taskHours.toFixed(1)} task-hours at ${vcpu} vCPU / ${memoryGb} GB: ${usd(fargate)}; a run takes ${((1000 * perArtist) / defaults.scraperMaxConcurrency / 3600).toFixed(1)} h at ${defaults.scraperMaxConcurrency} tasks at once`,
  );

  // Where the design breaks.
  const artistBytes = Buffer.byteLength(
    JSON.stringify({
      slug: 'some-artist-name',
      websites: ['https://studio-name.example/'],
      instagram: 'some.artist',
    }),
  );
  const planArtists = Math.floor((256 * KB) / (artistBytes + 1));
  const historyArtists = Math.floor((25_000 / 6) * defaults.scraperBatchSize);
  const runHours = (artists: number) =>
    (artists * perArtist) / defaults.scraperMaxConcurrency / 3600;
  console.log('\nWhere it breaks as it grows:');
  console.log(
    `  Step Functions state payload (256 KB): the plan carries every artist (${artistBytes} bytes each): about ${planArtists.toLocaleString('en')} artists per run`,
  );
  console.log(
    `  Step Functions history (25,000 events; about 6 per batch of ${defaults.scraperBatchSize}): about ${historyArtists.toLocaleString('en')} artists per run`,
  );
  console.log(
    `  One run a day at ${defaults.scraperMaxConcurrency} tasks at once: ${Math.floor((24 * 3600 * defaults.scraperMaxConcurrency) / perArtist).toLocaleString('en')} artists (a run of ${planArtists.toLocaleString('en')} takes ${runHours(planArtists).toFixed(1)} h)`,
  );
  console.log(
    `  Lambda: the optimizer takes ${(1 / seconds).toFixed(1)} images/s per instance, and its queue feeds at most ${OPTIMIZER_MAX_CONCURRENCY} at once: about ${(OPTIMIZER_MAX_CONCURRENCY / seconds).toFixed(0)} images/s of ingest before the queue grows (it absorbs bursts); the account's 1,000 concurrent executions (less the resize function's ${defaults.resizeReservedConcurrency}) leave room to raise it`,
  );
  console.log(
    `  DynamoDB partition (1,000 write units/s): every profile is in the directory's one index partition; covers rewrite it at ${recordUnits + 1} units each: about ${Math.floor(1000 / (recordUnits + 1))} new covers per second`,
  );
  console.log(
    `  Lambda response (6 MB): an API page is at most 48 images (about ${((48 * recordUnits * KB) / KB).toFixed(0)} KB); the plan Lambda's answer holds every artist: the 256 KB state limit bites first`,
  );
}
