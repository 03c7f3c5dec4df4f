import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { ListObjectsCommand } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import fc from 'fast-check';
import sharp from 'sharp';
import { IMAGE_FORMATS, LADDER_WIDTHS } from '../../core/images/ladder.ts';
import { renderVariant } from '../../core/images/render-variant.ts';
import { handleResizeRequest } from '../../functions/resize-image/adapter.ts';
import { type ImageEdgeServer, startImageEdgeServer } from '../../local/image-edge.ts';
import { type ImagePipeline, startImagePipeline } from '../../local/image-pipeline.ts';
import { localResizeDependencies } from '../../local/resize-service.ts';
import { type StandIns, startStandIns } from '../../local/stand-ins.ts';
import { corpusFile } from '../support/corpus.ts';
import { putOriginal } from '../support/originals.ts';

describe('local image edge (the /img/* behaviour)', () => {
  let standIns: StandIns;
  let pipeline: ImagePipeline;
  let edge: ImageEdgeServer;
  let imageId: string;
  let renders = 0;
  let activeRenders = 0;
  let mostActiveRenders = 0;

  before(async () => {
    standIns = await startStandIns();
    pipeline = startImagePipeline(standIns);
    imageId = (await putOriginal(standIns, 'ny-edge', corpusFile('Landscape_3.jpg'))).imageId;
    await pipeline.drained();
    const deps = localResizeDependencies(standIns, {
      render: async (...args) => {
        renders++;
        activeRenders++;
        mostActiveRenders = Math.max(mostActiveRenders, activeRenders);
        try {
          return await renderVariant(...args);
        } finally {
          activeRenders--;
        }
      },
    });
    edge = await startImageEdgeServer({
      s3: standIns.clients.s3,
      optimizedBucket: standIns.config.optimizedBucket,
      resize: (event) => handleResizeRequest(deps, event),
    });
  });
  after(async () => {
    await edge.close();
    pipeline.stop();
    await standIns.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${edge.url}${path}`, { headers });

  /** Sends `path` exactly as given (fetch would resolve dot segments and encodings first). */
  function rawGet(
    path: string,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const { hostname, port } = new URL(edge.url);
      const request = httpGet({ hostname, port, path }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      });
      request.on('error', reject);
    });
  }

  async function optimizedKeys(): Promise<string[]> {
    const keys: string[] = [];
    let marker: string | undefined;
    do {
      const page = await standIns.clients.s3.send(
        new ListObjectsCommand({ Bucket: standIns.config.optimizedBucket, Marker: marker }),
      );
      keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      marker = page.IsTruncated ? keys.at(-1) : undefined;
    } while (marker);
    return keys;
  }

  it('serves a precomputed rung from the bucket, then from its cache, with ETag and 304', async () => {
    const before = { ...edge.edge.stats };
    const first = await get(`/img/ny-edge/${imageId}/640.webp?utm_source=x`);
    expect(first.status).to.equal(200);
    expect(first.headers.get('x-cache')).to.equal('Miss from cloudfront');
    expect(first.headers.get('content-type')).to.equal('image/webp');
    expect(first.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    expect(first.headers.get('x-content-type-options')).to.equal('nosniff');
    const body = Buffer.from(await first.arrayBuffer());
    expect((await sharp(body).metadata()).width).to.equal(640);
    const second = await get(`/img/ny-edge/${imageId}/700.webp`);
    expect(second.headers.get('x-cache')).to.equal('Hit from cloudfront');
    expect(Buffer.from(await second.arrayBuffer())).to.deep.equal(body);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).to.match(/^"[0-9a-f]{32}"$/);
    const conditional = await get(`/img/ny-edge/${imageId}/640.webp`, { 'if-none-match': etag });
    expect(conditional.status).to.equal(304);
    expect(await conditional.text()).to.equal('');
    expect(edge.edge.stats.bucket - before.bucket).to.equal(1);
    // The AVIF rung is as precomputed as the WebP one.
    const avif = await get(`/img/ny-edge/${imageId}/640.auto`, {
      accept: 'image/avif,image/webp,*/*',
    });
    expect([avif.status, avif.headers.get('content-type')]).to.deep.equal([200, 'image/avif']);
    expect(edge.edge.stats.resize - before.resize).to.equal(0);
  });

  it('falls back to the resize function on a miss, which stores the variant for next time', async () => {
    const before = { ...edge.edge.stats };
    // A browser taking neither AVIF nor WebP gets JPEG, which is never precomputed.
    const response = await get(`/img/ny-edge/${imageId}/320.auto`, { accept: 'image/*' });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('image/jpeg');
    expect(edge.edge.stats.resize - before.resize).to.equal(1);
    expect(await optimizedKeys()).to.include(`img/ny-edge/${imageId}/320.jpeg`);
    const again = await get(`/img/ny-edge/${imageId}/320.jpeg`);
    expect(again.headers.get('x-cache')).to.equal('Hit from cloudfront');
    expect(again.headers.get('etag')).to.equal(response.headers.get('etag'));
  });

  it('answers 404 for an unknown image, and 400 from the normalizer for a malformed path', async () => {
    const unknown = await get('/img/ny-edge/ffffffffffffffff/640.webp');
    expect(unknown.status).to.equal(404);
    expect(unknown.headers.get('x-cache')).to.equal('Error from cloudfront');
    const malformed = await rawGet(`/img/ny-edge/${imageId}/%2e%2e/640.webp`);
    expect(malformed.status).to.equal(400);
    expect(malformed.headers['x-cache']).to.equal('FunctionGeneratedResponse from cloudfront');
    expect(malformed.body).to.equal(
      'Bad image URL: encoded characters, backslashes and dot segments are not allowed\n',
    );
  });

  it('decodes an image once at a time under a flood of distinct misses', async () => {
    // AVIF and WebP were stored at ingest: the misses are JPEG's, and each is asked twice.
    const paths = LADDER_WIDTHS.map((slot) => `/img/ny-edge/${imageId}/${slot}.jpeg`);
    const stored = new Set(await optimizedKeys());
    const missing = paths.filter((path) => !stored.has(path.slice(1)));
    const rendersBefore = renders;
    const responses = await Promise.all([...paths, ...paths].map((path) => get(path)));
    expect(responses.map((r) => r.status)).to.deep.equal([...paths, ...paths].map(() => 200));
    await Promise.all(responses.map((r) => r.arrayBuffer()));
    expect(mostActiveRenders).to.equal(1);
    // Each missing variant is made once: the repeated requests collapse at the edge.
    expect(renders - rendersBefore).to.equal(missing.length);
    expect(missing.length).to.be.above(4);
  });

  it('creates no object outside the ladder x formats, whatever paths it is sent', async function () {
    this.timeout(120_000);
    const segment = fc.oneof(
      fc.constantFrom(
        'img',
        'ny-edge',
        imageId,
        'ffffffffffffffff',
        '..',
        '%2F',
        '%2e%2e',
        '',
        '.',
      ),
      fc.integer({ min: -10, max: 100_000 }).map(String),
      fc
        .tuple(
          fc.integer({ min: 0, max: 99_999 }),
          fc.constantFrom('webp', 'avif', 'jpeg', 'jpg', 'auto', 'png', 'WEBP'),
        )
        .map(([w, f]) => `${w}.${f}`),
      fc.string({ maxLength: 8 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (segments) => {
        const path = `/${segments.join('/')}`;
        let response: Awaited<ReturnType<typeof rawGet>>;
        try {
          response = await rawGet(path);
        } catch (error) {
          // Characters no HTTP client can put on the wire (spaces, control characters).
          expect((error as { code?: string }).code, path).to.equal('ERR_UNESCAPED_CHARACTERS');
          return;
        }
        expect(response.status, path).to.be.oneOf([200, 400, 404]);
      }),
      { numRuns: 150 },
    );
    const allowed = new Set(
      LADDER_WIDTHS.flatMap((slot) =>
        IMAGE_FORMATS.map((format) => `img/ny-edge/${imageId}/${slot}.${format}`),
      ),
    );
    const keys = await optimizedKeys();
    expect(keys.filter((key) => !allowed.has(key))).to.deep.equal([]);
    expect(keys.length).to.be.at.most(LADDER_WIDTHS.length * IMAGE_FORMATS.length);
  });
});
