import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { expect } from 'chai';
import sharp from 'sharp';
import { MAX_RESPONSE_BYTES, resizeVariant } from '../../../core/edge/resize-variant.ts';
import {
  IMAGE_FORMATS,
  type ImageFormat,
  MAX_LADDER_WIDTH,
  rungFor,
} from '../../../core/images/ladder.ts';
import { renderVariant } from '../../../core/images/render-variant.ts';
import { handleResizeRequest } from '../../../functions/resize-image/adapter.ts';
import { type ImagePipeline, startImagePipeline } from '../../../local/image-pipeline.ts';
import { localResizeDependencies } from '../../../local/resize-service.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';
import { corpusFile, readCorpus } from '../../support/corpus.ts';
import { putOriginal } from '../../support/originals.ts';

function urlEvent(path: string, method = 'GET'): LambdaFunctionURLEvent {
  return { rawPath: path, requestContext: { http: { method } } } as LambdaFunctionURLEvent;
}

describe('resize-image (on-demand variants)', () => {
  let standIns: StandIns;
  let pipeline: ImagePipeline;
  let photo: string; // 4032x3024, 12 MP
  let small: string; // 1024x772

  before(async () => {
    standIns = await startStandIns();
    pipeline = startImagePipeline(standIns);
    photo = (await putOriginal(standIns, 'mo-ink', corpusFile('42_IndexError.jpg'))).imageId;
    small = (await putOriginal(standIns, 'mo-ink', corpusFile('4.webp'))).imageId;
    await pipeline.drained();
  });
  after(async () => {
    pipeline.stop();
    await standIns.stop();
  });

  it('renders a JPEG rung of a 12 MP photo (the format not precomputed), stores it immutable, and returns it', async () => {
    const response = await handleResizeRequest(
      localResizeDependencies(standIns),
      urlEvent(`/img/mo-ink/${photo}/1280.jpeg`),
    );
    expect(response.statusCode).to.equal(200);
    expect(response.headers).to.include({
      'content-type': 'image/jpeg',
      'cache-control': 'public, max-age=31536000, immutable',
    });
    expect(String(response.headers?.['server-timing'])).to.match(
      /^fetch;dur=[\d.]+, render;dur=[\d.]+, store;dur=[\d.]+$/,
    );
    const body = Buffer.from(response.body ?? '', 'base64');
    const metadata = await sharp(body).metadata();
    expect([metadata.format, metadata.width, metadata.height]).to.deep.equal(['jpeg', 1280, 960]);
    const stored = await standIns.clients.s3.send(
      new HeadObjectCommand({
        Bucket: standIns.config.optimizedBucket,
        Key: `img/mo-ink/${photo}/1280.jpeg`,
      }),
    );
    expect(stored.ContentLength).to.equal(body.length);
    expect(stored.CacheControl).to.equal('public, max-age=31536000, immutable');
    expect(stored.ETag).to.equal(response.headers?.etag);
  });

  it('serves a slot wider than the image at the image’s own width, and JPEG without alpha', async () => {
    const result = await resizeVariant(
      localResizeDependencies(standIns),
      `/img/mo-ink/${small}/1920.jpeg`,
    );
    expect(result.kind).to.equal('image');
    if (result.kind !== 'image') return;
    const metadata = await sharp(result.body).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.channels]).to.deep.equal([
      'jpeg',
      1024,
      772,
      3,
    ]);
  });

  it('answers 404 for an unknown image and 400 for a path the normalizer never writes, decoding nothing', async () => {
    let renders = 0;
    const deps = localResizeDependencies(standIns, {
      render: (...args) => {
        renders++;
        return renderVariant(...args);
      },
    });
    const unknown = await handleResizeRequest(
      deps,
      urlEvent('/img/mo-ink/ffffffffffffffff/640.avif'),
    );
    expect([unknown.statusCode, unknown.headers?.['cache-control'], unknown.body]).to.deep.equal([
      404,
      'public, max-age=60',
      'No such image\n',
    ]);
    for (const path of [
      `/img/mo-ink/${photo}/700.avif`,
      `/img/mo-ink/${photo}/640.png`,
      `/img/mo-ink/${photo}/../640.avif`,
    ]) {
      expect((await handleResizeRequest(deps, urlEvent(path))).statusCode, path).to.equal(400);
    }
    expect(
      (await handleResizeRequest(deps, urlEvent(`/img/mo-ink/${photo}/640.avif`, 'POST')))
        .statusCode,
    ).to.equal(405);
    expect(renders).to.equal(0);
  });

  it('stores a variant over the response limit and redirects to it instead of returning it', async () => {
    const deps = localResizeDependencies(standIns, { maxResponseBytes: 10_000 });
    const response = await handleResizeRequest(deps, urlEvent(`/img/mo-ink/${photo}/960.jpeg`));
    expect(response.statusCode).to.equal(307);
    expect(response.headers).to.include({
      location: `/img/mo-ink/${photo}/960.jpeg`,
      'cache-control': 'no-store',
    });
    const stored = await standIns.clients.s3.send(
      new HeadObjectCommand({
        Bucket: standIns.config.optimizedBucket,
        Key: `img/mo-ink/${photo}/960.jpeg`,
      }),
    );
    expect(stored.ContentLength).to.be.above(10_000);
  });

  it('decodes an image once at a time however many distinct variants are asked for at once', async () => {
    let active = 0;
    let most = 0;
    const deps = localResizeDependencies(standIns, {
      render: async (...args) => {
        active++;
        most = Math.max(most, active);
        try {
          return await renderVariant(...args);
        } finally {
          active--;
        }
      },
    });
    // JPEG: the format that is made on demand (AVIF and WebP are stored at ingest).
    const paths = [160, 320, 640, 960].map((slot) => `/img/mo-ink/${small}/${slot}.jpeg`);
    const results = await Promise.all(paths.map((path) => resizeVariant(deps, path)));
    expect(results.map((r) => r.kind)).to.deep.equal(paths.map(() => 'image'));
    expect(results.map((r) => r.kind === 'image' && r.source)).to.deep.equal(
      paths.map(() => 'rendered'),
    );
    expect(most).to.equal(1);
  });

  it('never makes a variant of a corpus image too large for a Lambda response', async () => {
    const largest: string[] = [];
    for (const entry of readCorpus().filter((e) => e.expected === 'ok')) {
      const original = corpusFile(entry.file);
      const { autoOrient } = await sharp(original).metadata();
      const rung = rungFor(MAX_LADDER_WIDTH, autoOrient.width, autoOrient.height);
      for (const format of IMAGE_FORMATS as readonly ImageFormat[]) {
        const bytes = (await renderVariant(original, rung, format)).length;
        expect(bytes, `${entry.file} ${format}`).to.be.below(MAX_RESPONSE_BYTES);
        largest.push(`${bytes}`);
      }
    }
    expect(largest.length).to.be.above(60);
  });
});
