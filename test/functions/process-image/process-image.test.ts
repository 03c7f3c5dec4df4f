import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { expect } from 'chai';
import sharp from 'sharp';
import { ImageRecords, type OkImageRecord } from '../../../functions/lib/image-records.ts';
import { silentLogger } from '../../../functions/lib/logger.ts';
import { rawKey } from '../../../functions/lib/object-keys.ts';
import type { ProcessOutcome } from '../../../functions/process-image/process-raw-object.ts';
import { processSqsBatch } from '../../../functions/process-image/sqs-batch.ts';
import { type ImagePipeline, startImagePipeline } from '../../../local/image-pipeline.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';
import { corpusFile } from '../../support/corpus.ts';
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
    expect(record.variants.map((v) => v.width)).to.deep.equal([160, 320, 640, 960, 1280, 1800]);
    expect(await variantKeys(`img/ana-ink/${imageId}/`)).to.deep.equal(
      record.variants.map((v) => `img/ana-ink/${imageId}/${v.width}.webp`).sort(),
    );
    const variant = record.variants[2];
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
    const notification = {
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: standIns.config.rawBucket }, object: { key } },
        },
      ],
    };
    await new Promise((resolve) => setTimeout(resolve, 1100)); // LastModified has 1 s resolution
    pipeline.queue.send(JSON.stringify(notification));
    await pipeline.drained();

    expect(outcomes).to.deep.equal([{ status: 'unchanged', key }]);
    expect(await records.get('di-lines', imageId)).to.deep.equal(before);
    expect((await head()).LastModified).to.deep.equal(modified);
  });

  it('fails only the bad message of a batch, so its neighbours are not redelivered', async () => {
    const good = await putOriginal(standIns, 'ed-dots', corpusFile('swiss.png'));
    await pipeline.drained();
    const body = JSON.stringify({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: standIns.config.rawBucket }, object: { key: good.key } },
        },
      ],
    });
    const deps = {
      s3: standIns.clients.s3,
      records,
      rawBucket: standIns.config.rawBucket,
      optimizedBucket: standIns.config.optimizedBucket,
      now: () => new Date(),
      logger: silentLogger(),
    };
    const message = (messageId: string, messageBody: string) =>
      ({ messageId, body: messageBody }) as import('aws-lambda').SQSRecord;
    const response = await processSqsBatch(
      deps,
      { Records: [message('m1', body), message('m2', '{"not": "s3"'), message('m3', body)] },
      { concurrency: 2 },
    );
    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
  });

  it('redelivers a message whose processing failed and dead-letters it after the receive limit', async () => {
    const key = rawKey('fa-ink', 'f'.repeat(64));
    const failing = {
      ...records,
      get: async () => {
        throw Object.assign(new Error('Rate exceeded'), {
          name: 'ProvisionedThroughputExceededException',
        });
      },
    } as unknown as ImageRecords;
    const deps = {
      s3: standIns.clients.s3,
      records: failing,
      rawBucket: standIns.config.rawBucket,
      optimizedBucket: standIns.config.optimizedBucket,
      now: () => new Date(),
      logger: silentLogger(),
    };
    let deliveries = 0;
    const { ObjectEventQueue } = await import('../../../local/object-event-queue.ts');
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
    queue.onS3Event({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: standIns.config.rawBucket }, object: { key } },
        },
      ],
    });
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
