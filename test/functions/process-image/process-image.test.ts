import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { expect } from 'chai';
import sharp from 'sharp';
import { ArtistRegistry } from '../../../core/artists/artists.ts';
import { ImageRecords, type OkImageRecord } from '../../../core/images/image-records.ts';
import { rawKey } from '../../../core/images/object-keys.ts';
import type {
  ProcessDependencies,
  ProcessOutcome,
} from '../../../core/optimizer/process-raw-object.ts';
import { processSqsBatch } from '../../../core/optimizer/sqs-batch.ts';
import { silentLogger } from '../../../core/platform/logger.ts';
import { itemKeys } from '../../../core/store/table-schema.ts';
import { processDependencies } from '../../../functions/process-image/dependencies.ts';
import { type ImagePipeline, startImagePipeline } from '../../../local/image-pipeline.ts';
import { ObjectEventQueue } from '../../../local/object-event-queue.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';
import { corpusFile } from '../../support/corpus.ts';
import { makeWebpOnly } from '../../support/legacy-ladder.ts';
import { putOriginal } from '../../support/originals.ts';

describe('process-image on the stand-ins (S3 event → queue → handler)', () => {
  let standIns: StandIns;
  let pipeline: ImagePipeline;
  let records: ImageRecords;
  const outcomes: ProcessOutcome[] = [];

  before(async () => {
    standIns = await startStandIns();
    pipeline = startImagePipeline(standIns, {
      redeliveryDelayMs: 20,
      onOutcome: (outcome) => outcomes.push(outcome),
    });
    records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
  });
  after(async () => {
    pipeline.stop();
    await standIns.stop();
  });

  async function variantKeys(prefix: string): Promise<string[]> {
    const { Contents } = await standIns.clients.s3.send(
      new ListObjectsCommand({ Bucket: standIns.config.optimizedBucket, Prefix: prefix }),
    );
    return (Contents ?? []).map((object) => object.Key ?? '').sort();
  }

  it('writes the ladder with immutable caching and a record with provenance', async () => {
    const provenance = {
      source: 'instagram' as const,
      permalink: 'https://www.instagram.com/p/Cabc123/',
      caption: 'Fine-line rose 🌹, healed — «merci»',
      takenAt: '2025-06-01T12:00:00.000Z',
      scrapedAt: '2026-11-20T08:00:00.000Z',
    };
    const { key, imageId } = await putOriginal(
      standIns,
      'ana-ink',
      corpusFile('Landscape_6.jpg'),
      provenance,
    );
    await pipeline.drained();

    const record = (await records.get('ana-ink', imageId)) as OkImageRecord;
    expect(record).to.include({
      status: 'ok',
      artist: 'ana-ink',
      imageId,
      rawKey: key,
      width: 1800,
      height: 1200,
    });
    expect(record.provenance).to.deep.equal(provenance);
    expect(record.kind).to.equal('photo');
    // Both ladders the site asks for, AVIF then WebP, every rung of each.
    const widths = [160, 320, 640, 960, 1280, 1800];
    const slots = [160, 320, 640, 960, 1280, 1920];
    expect(record.variants.map((v) => [v.format, v.width])).to.deep.equal([
      ...widths.map((w) => ['avif', w]),
      ...widths.map((w) => ['webp', w]),
    ]);
    expect(record.variants.map((v) => v.slot)).to.deep.equal([...slots, ...slots]);
    expect(await variantKeys(`img/ana-ink/${imageId}/`)).to.deep.equal(
      record.variants.map((v) => `img/ana-ink/${imageId}/${v.slot}.${v.format}`).sort(),
    );
    const avif = record.variants[2];
    const avifObject = await standIns.clients.s3.send(
      new GetObjectCommand({ Bucket: standIns.config.optimizedBucket, Key: avif?.key }),
    );
    expect([avifObject.ContentType, avifObject.CacheControl]).to.deep.equal([
      'image/avif',
      'public, max-age=31536000, immutable',
    ]);
    const variant = record.variants[8];
    const response = await standIns.clients.s3.send(
      new GetObjectCommand({ Bucket: standIns.config.optimizedBucket, Key: variant?.key }),
    );
    expect(response.CacheControl).to.equal('public, max-age=31536000, immutable');
    expect(response.ContentType).to.equal('image/webp');
    const body = Buffer.from(await (response.Body?.transformToByteArray() ?? new Uint8Array()));
    expect(body.length).to.equal(variant?.bytes);
    const metadata = await sharp(body).metadata();
    expect([metadata.format, metadata.width, metadata.height]).to.deep.equal(['webp', 640, 427]);
  });

  it('records a refused original as failed, with its reason, and keeps the raw object', async () => {
    const bytes = corpusFile('truncated.jpg');
    const { key, imageId } = await putOriginal(standIns, 'ana-ink', bytes);
    await pipeline.drained();

    const record = await records.get('ana-ink', imageId);
    expect(record).to.include({
      status: 'failed',
      code: 'truncated-image',
      reason: 'The image data ends early (a truncated file or an interrupted download)',
    });
    const raw = await standIns.clients.s3.send(
      new GetObjectCommand({ Bucket: standIns.config.rawBucket, Key: key }),
    );
    expect(Buffer.from(await (raw.Body?.transformToByteArray() ?? new Uint8Array()))).to.deep.equal(
      bytes,
    );
    expect(await variantKeys(`img/ana-ink/${imageId}/`)).to.deep.equal([]);
  });

  it('records a re-encoded, resized copy of a photo as a duplicate of it', async () => {
    const photo = corpusFile('iphone_hdr_NO.jpg');
    const first = await putOriginal(standIns, 'bo-tattoo', photo);
    await pipeline.drained();
    const copy = await sharp(photo).resize(1080).jpeg({ quality: 72 }).toBuffer();
    const second = await putOriginal(standIns, 'bo-tattoo', copy, { source: 'instagram' });
    await pipeline.drained();

    expect(await records.get('bo-tattoo', first.imageId)).to.include({ status: 'ok' });
    expect(await records.get('bo-tattoo', second.imageId)).to.include({
      status: 'duplicate',
      duplicateOf: first.imageId,
    });
    expect(await variantKeys(`img/bo-tattoo/${second.imageId}/`)).to.deep.equal([]);
    // Another artist's copy of the same photo is that artist's own image.
    const third = await putOriginal(standIns, 'cy-studio', copy);
    await pipeline.drained();
    expect(await records.get('cy-studio', third.imageId)).to.include({ status: 'ok' });
  });

  /** An SQS message carrying the S3 notification of one created object. */
  function createdMessage(messageId: string, key: string): SQSRecord {
    const body = JSON.stringify({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: standIns.config.rawBucket }, object: { key } },
        },
      ],
    });
    return { messageId, body } as SQSRecord;
  }

  function directDependencies(overrides: Partial<ProcessDependencies> = {}): ProcessDependencies {
    return {
      ...processDependencies(standIns.clients, standIns.config, { logger: silentLogger() }),
      records,
      ...overrides,
    };
  }

  it('finds the duplicate when both copies of a photo arrive in the same batch', async () => {
    const photo = corpusFile('HMD_Nokia_8.3_5G.jpg');
    const copy = await sharp(photo).resize(1200).webp({ quality: 75 }).toBuffer();
    await withoutPipeline(async () => {
      const a = await putOriginal(standIns, 'gu-black', photo);
      const b = await putOriginal(standIns, 'gu-black', copy);
      const c = await putOriginal(standIns, 'ha-color', corpusFile('4.webp'));
      const response = await processSqsBatch(
        directDependencies(),
        {
          Records: [
            createdMessage('a', a.key),
            createdMessage('b', b.key),
            createdMessage('c', c.key),
          ],
        },
        { concurrency: 3 },
      );
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(await records.get('gu-black', a.imageId)).to.include({ status: 'ok' });
      expect(await records.get('gu-black', b.imageId)).to.include({
        status: 'duplicate',
        duplicateOf: a.imageId,
      });
      expect(await records.get('ha-color', c.imageId)).to.include({ status: 'ok' });
    });
  });

  it('runs through the Lambda entry point, configured from the environment', async () => {
    // Its own stand-ins without a local pipeline: only the handler processes this object.
    const own = await startStandIns();
    const saved = { ...process.env };
    Object.assign(process.env, own.env, { POWERTOOLS_LOG_LEVEL: 'SILENT' });
    try {
      const { handler } = await import('../../../functions/process-image/handler.ts');
      const { key, imageId } = await putOriginal(own, 'ha-lambda', corpusFile('p3.png'));
      const ownRecords = new ImageRecords(own.clients.dynamo, own.config.tableName);
      expect(await ownRecords.get('ha-lambda', imageId)).to.equal(undefined);
      expect(await handler({ Records: [createdMessage('only', key)] })).to.deep.equal({
        batchItemFailures: [],
      });
      expect(await ownRecords.get('ha-lambda', imageId)).to.include({
        status: 'ok',
        width: 8,
        height: 8,
      });
    } finally {
      process.env = saved;
      await own.stop();
    }
  });

  it('treats a replayed message as a no-op', async () => {
    const { key, imageId } = await putOriginal(standIns, 'di-lines', corpusFile('4.webp'));
    await pipeline.drained();
    const before = await records.get('di-lines', imageId);
    const variant = `img/di-lines/${imageId}/640.webp`;
    const head = () =>
      standIns.clients.s3.send(
        new HeadObjectCommand({ Bucket: standIns.config.optimizedBucket, Key: variant }),
      );
    const modified = (await head()).LastModified;

    outcomes.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // LastModified has 1 s resolution
    pipeline.queue.send(createdMessage('replay', key).body);
    await pipeline.drained();

    expect(outcomes).to.deep.equal([{ status: 'unchanged', key }]);
    expect(await records.get('di-lines', imageId)).to.deep.equal(before);
    expect((await head()).LastModified).to.deep.equal(modified);
  });

  it('gives an image stored before AVIF was precomputed its AVIF rungs when its original comes again, and its cover with them', async () => {
    const { dynamo } = standIns.clients;
    const { tableName } = standIns.config;
    await new ArtistRegistry(dynamo, tableName).add({
      slug: 'old-ladder',
      name: 'Old Ladder',
      websites: [],
      active: false,
    });
    const { key, imageId } = await putOriginal(standIns, 'old-ladder', corpusFile('swiss.png'));
    await pipeline.drained();
    const full = await makeWebpOnly(standIns, 'old-ladder', imageId);
    expect(((await records.get('old-ladder', imageId)) as OkImageRecord).variants).to.have.length(
      full.variants.length / 2,
    );

    outcomes.length = 0;
    pipeline.queue.send(createdMessage('backfill', key).body);
    await pipeline.drained();
    expect(outcomes.map((o) => o.status)).to.deep.equal(['completed']);
    const completed = (await records.get('old-ladder', imageId)) as OkImageRecord;
    expect(completed.kind).to.equal('photo');
    expect(completed.variants.map((v) => `${v.slot}.${v.format}`).sort()).to.deep.equal(
      full.variants.map((v) => `${v.slot}.${v.format}`).sort(),
    );
    expect(await variantKeys(`img/old-ladder/${imageId}/`)).to.deep.equal(
      full.variants.map((v) => v.key).sort(),
    );
    const profile = await dynamo.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: itemKeys.artistPk('old-ladder'), sk: itemKeys.profileSk },
      }),
    );
    const cover = profile.Item?.cover as OkImageRecord | undefined;
    expect(cover?.variants).to.have.length(full.variants.length);

    // Once complete, the same message changes nothing.
    outcomes.length = 0;
    pipeline.queue.send(createdMessage('backfill-again', key).body);
    await pipeline.drained();
    expect(outcomes).to.deep.equal([{ status: 'unchanged', key }]);
  });

  /** Runs `body` with the local pipeline unsubscribed, so that only the test delivers. */
  async function withoutPipeline(body: () => Promise<void>): Promise<void> {
    pipeline.stop();
    try {
      await body();
    } finally {
      pipeline = startImagePipeline(standIns, {
        redeliveryDelayMs: 20,
        onOutcome: (outcome) => outcomes.push(outcome),
      });
    }
  }

  it('fails only the bad messages of a batch; its neighbours are processed', async () => {
    await withoutPipeline(async () => {
      const first = await putOriginal(standIns, 'ed-dots', corpusFile('swiss.png'));
      const second = await putOriginal(standIns, 'ed-dots', corpusFile('concert.jpg'));
      const bodies: [string, string][] = [
        ['not-json', '{"not": "s3"'],
        ['not-s3', JSON.stringify({ source: 'aws.events', detail: {} })],
        ['bad-key', createdMessage('x', 'originals/ed-dots/%E0%A4%A').body],
      ];
      const response = await processSqsBatch(
        directDependencies(),
        {
          Records: [
            createdMessage('m1', first.key),
            ...bodies.map(([messageId, body]) => ({ messageId, body }) as SQSRecord),
            createdMessage('m3', second.key),
            {
              messageId: 'test-event',
              body: JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }),
            } as SQSRecord,
          ],
        },
        { concurrency: 2 },
      );
      expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).to.deep.equal([
        'bad-key',
        'not-json',
        'not-s3',
      ]);
      expect(await records.get('ed-dots', first.imageId)).to.include({ status: 'ok' });
      expect(await records.get('ed-dots', second.imageId)).to.include({ status: 'ok' });
    });
  });

  it('does nothing for an original deleted before its message arrived', async () => {
    await withoutPipeline(async () => {
      const { key, imageId } = await putOriginal(standIns, 'ib-gone', corpusFile('swiss.png'));
      await standIns.clients.s3.send(
        new DeleteObjectCommand({ Bucket: standIns.config.rawBucket, Key: key }),
      );
      const seen: ProcessOutcome[] = [];
      await processSqsBatch(
        directDependencies(),
        { Records: [createdMessage('m', key)] },
        {
          concurrency: 1,
          onOutcome: (outcome) => seen.push(outcome),
        },
      );
      expect(seen).to.deep.equal([{ status: 'gone', key }]);
      expect(await records.get('ib-gone', imageId)).to.equal(undefined);
    });
  });

  it('refuses an original whose bytes do not match the hash in its key, or over 50 MB', async () => {
    await withoutPipeline(async () => {
      const wrongKey = rawKey('jo-check', 'e'.repeat(64));
      const huge = Buffer.alloc(50 * 1024 * 1024 + 1);
      const hugeOriginal = await putOriginal(standIns, 'jo-check', huge, {
        source: 'website',
        pageUrl: 'https://studio.example/big/',
      });
      await standIns.clients.s3.send(
        new PutObjectCommand({
          Bucket: standIns.config.rawBucket,
          Key: wrongKey,
          Body: corpusFile('swiss.png'),
        }),
      );
      await processSqsBatch(
        directDependencies(),
        { Records: [createdMessage('a', wrongKey), createdMessage('b', hugeOriginal.key)] },
        { concurrency: 2 },
      );
      const mismatch = await records.get('jo-check', 'e'.repeat(16));
      expect(mismatch).to.include({ status: 'failed', code: 'content-mismatch' });
      expect(await records.get('jo-check', hugeOriginal.imageId)).to.deep.include({
        status: 'failed',
        code: 'file-too-large',
        reason: 'The file is 52428801 bytes; the limit is 52428800 bytes',
        provenance: { source: 'website', pageUrl: 'https://studio.example/big/' },
      });
    });
  });

  it('shows the better copy of a photo when it arrives after a smaller one', async () => {
    const { ArtistRegistry } = await import('../../../core/artists/artists.ts');
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    await new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName).add({
      slug: 'ko-fine',
      name: 'Ko',
      websites: [],
      active: true,
    });
    const coverOf = async () =>
      (
        await standIns.clients.dynamo.send(
          new GetCommand({
            TableName: standIns.config.tableName,
            Key: { pk: 'ARTIST#ko-fine', sk: 'PROFILE' },
          }),
        )
      ).Item?.cover?.imageId;
    const photo = corpusFile('42_IndexError.jpg');
    const instagram = await putOriginal(
      standIns,
      'ko-fine',
      await sharp(photo).resize(1080).jpeg({ quality: 75 }).toBuffer(),
      { source: 'instagram' },
    );
    await pipeline.drained();
    expect(await records.get('ko-fine', instagram.imageId)).to.include({ status: 'ok' });
    // The artist's cover, kept on their profile for the directory.
    expect(await coverOf()).to.equal(instagram.imageId);
    // The studio's copy, dated earlier: shown instead, and the cover though not the newest
    // offer (the withdrawn copy's place goes to the newest image still shown).
    const studio = await putOriginal(standIns, 'ko-fine', photo, {
      source: 'website',
      takenAt: '2020-01-01T00:00:00.000Z',
    });
    await pipeline.drained();
    expect(await coverOf()).to.equal(studio.imageId);
    expect(await records.get('ko-fine', studio.imageId)).to.include({ status: 'ok' });
    expect(await records.get('ko-fine', instagram.imageId)).to.include({
      status: 'duplicate',
      duplicateOf: studio.imageId,
    });
    expect(await variantKeys(`img/ko-fine/${instagram.imageId}/`)).to.deep.equal([]);
  });

  it('settles two copies processed by concurrent invocations on one shown image', async () => {
    await withoutPipeline(async () => {
      const photo = corpusFile('iphone_hdr_NO.jpg');
      const small = await putOriginal(
        standIns,
        'lu-race',
        await sharp(photo).resize(900).toBuffer(),
      );
      const large = await putOriginal(standIns, 'lu-race', photo);
      // Two invocations at once, each with one copy: neither sees the other before it writes.
      await Promise.all([
        processSqsBatch(
          directDependencies(),
          { Records: [createdMessage('s', small.key)] },
          { concurrency: 1 },
        ),
        processSqsBatch(
          directDependencies(),
          { Records: [createdMessage('l', large.key)] },
          { concurrency: 1 },
        ),
      ]);
      expect(await records.get('lu-race', large.imageId)).to.include({ status: 'ok' });
      expect(await records.get('lu-race', small.imageId)).to.include({
        status: 'duplicate',
        duplicateOf: large.imageId,
      });
      expect(await variantKeys(`img/lu-race/${small.imageId}/`)).to.deep.equal([]);
    });
  });

  it('redelivers a message whose processing failed and dead-letters it after the receive limit', async () => {
    const key = rawKey('fa-ink', 'f'.repeat(64));
    // A fault no stand-in produces on demand: DynamoDB throttling on every read.
    const failing = {
      get: async () => {
        throw Object.assign(new Error('Rate exceeded'), {
          name: 'ProvisionedThroughputExceededException',
        });
      },
    } as unknown as ImageRecords;
    const deps = directDependencies({ records: failing });
    let deliveries = 0;
    const queue = new ObjectEventQueue({
      bucket: standIns.config.rawBucket,
      prefix: 'originals/',
      redeliveryDelayMs: 5,
      maxReceiveCount: 3,
      handler: (event) => {
        deliveries += event.Records.length;
        return processSqsBatch(deps, event, { concurrency: 1 });
      },
    });
    queue.onS3Event(JSON.parse(createdMessage('x', key).body));
    await queue.drained();
    expect(deliveries).to.equal(3);
    expect(queue.deadLetters).to.have.length(1);
    expect(queue.deadLetters[0]?.attributes.ApproximateReceiveCount).to.equal('3');
  });

  it('ignores objects outside the originals prefix and keys that are not content hashes', async () => {
    outcomes.length = 0;
    const put = (Key: string) =>
      standIns.clients.s3.send(
        new PutObjectCommand({
          Bucket: standIns.config.rawBucket,
          Key,
          Body: corpusFile('swiss.png'),
        }),
      );
    await put('uploads/swiss.png');
    await put('originals/ana-ink/not-a-hash.jpg');
    await pipeline.drained();
    expect(outcomes).to.deep.equal([
      { status: 'ignored', key: 'originals/ana-ink/not-a-hash.jpg' },
    ]);
  });
});
