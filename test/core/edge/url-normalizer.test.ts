import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import { MAX_FUNCTION_SIZE, normalizerSource } from '../../../core/edge/edge-functions.ts';
import { IMAGE_FORMATS, LADDER_WIDTHS } from '../../../core/images/ladder.ts';
import { parseVariantKey } from '../../../core/images/object-keys.ts';
import {
  type CloudFrontRequest,
  loadViewerRequestFunction,
} from '../../../local/cloudfront-function.ts';

const ID = '0123456789abcdef';
const normalizer = loadViewerRequestFunction(normalizerSource());

function request(uri: string, extra: Partial<CloudFrontRequest> = {}): CloudFrontRequest {
  return { method: 'GET', uri, querystring: {}, headers: {}, cookies: {}, ...extra };
}

/** The URI the normalizer forwards, or `400: <body>` for a refusal. */
function normalize(uri: string, headers: Record<string, string> = {}): string {
  const result = normalizer.run(
    request(uri, {
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { value: v }])),
    }),
  );
  if (result.kind === 'request') return result.request.uri;
  const body = result.response.body;
  return `${result.response.statusCode}: ${typeof body === 'string' ? body : body?.data}`.trim();
}

describe('URL normalizer (CloudFront Function)', () => {
  it('is built from the shared ladder and formats, within the runtime limits', () => {
    const source = normalizerSource();
    expect(Buffer.byteLength(source)).to.be.at.most(MAX_FUNCTION_SIZE);
    expect(source).to.include(JSON.stringify([...LADDER_WIDTHS]));
    expect(source).to.include(JSON.stringify([...IMAGE_FORMATS]));
    expect(source).not.to.match(/\brequire\(|\bimport\b/);
    // The checked-in template holds a placeholder allowlist, never a hand-copied one.
    const template = readFileSync(
      new URL('../../../core/edge/url-normalizer.js', import.meta.url),
      'utf8',
    );
    expect(template).not.to.include(JSON.stringify([...LADDER_WIDTHS]));
  });

  it('snaps widths to the nearest ladder width', () => {
    expect(normalize(`/img/ana-ink/${ID}/700.webp`)).to.equal(`/img/ana-ink/${ID}/640.webp`);
    expect(normalize(`/img/ana-ink/${ID}/0.webp`)).to.equal(`/img/ana-ink/${ID}/160.webp`);
    expect(normalize(`/img/ana-ink/${ID}/99999.jpeg`)).to.equal(`/img/ana-ink/${ID}/1920.jpeg`);
    expect(normalize(`/img/ana-ink/${ID}/0640.WEBP`)).to.equal(`/img/ana-ink/${ID}/640.webp`);
    expect(normalize(`/img/ana-ink/${ID}/1280.jpg`)).to.equal(`/img/ana-ink/${ID}/1280.jpeg`);
  });

  it('resolves auto from Accept: AVIF, then WebP, then JPEG, and drops Accept', () => {
    const auto = `/img/ana-ink/${ID}/640.auto`;
    expect(normalize(auto, { accept: 'image/avif,image/webp,*/*' })).to.equal(
      `/img/ana-ink/${ID}/640.avif`,
    );
    expect(normalize(auto, { accept: 'image/webp,*/*' })).to.equal(`/img/ana-ink/${ID}/640.webp`);
    expect(normalize(auto, { accept: '*/*' })).to.equal(`/img/ana-ink/${ID}/640.jpeg`);
    expect(normalize(auto)).to.equal(`/img/ana-ink/${ID}/640.jpeg`);
    const result = normalizer.run(request(auto, { headers: { accept: { value: 'image/webp' } } }));
    expect(result.kind === 'request' && result.request.headers).to.deep.equal({});
  });

  it('drops query strings and cookies, which could widen the cache key', () => {
    const result = normalizer.run(
      request(`/img/ana-ink/${ID}/640.webp`, {
        querystring: { w: { value: '9000' }, cb: { value: '1' } },
        cookies: { session: { value: 'x' } },
      }),
    );
    expect(result.kind).to.equal('request');
    if (result.kind === 'request') {
      expect(result.request.querystring).to.deep.equal({});
      expect(result.request.cookies).to.deep.equal({});
    }
  });

  it('refuses malformed paths with 400 and a reason', () => {
    const refusals: [string, string][] = [
      [
        `/img/ana-ink/${ID}/../640.webp`,
        'encoded characters, backslashes and dot segments are not allowed',
      ],
      [
        `/img/ana-ink%2F..%2F/${ID}/640.webp`,
        'encoded characters, backslashes and dot segments are not allowed',
      ],
      [
        `/img//ana-ink/${ID}/640.webp`,
        'encoded characters, backslashes and dot segments are not allowed',
      ],
      [
        `/img/ana-ink\\${ID}/640.webp`,
        'encoded characters, backslashes and dot segments are not allowed',
      ],
      [
        `/img/ana-ink/${ID}/640.webp/extra`,
        'expected /img/{artist}/{imageId}/{width}.{webp|avif|jpeg|auto}',
      ],
      [`/img/ana-ink/${ID}/640`, 'expected /img/{artist}/{imageId}/{width}.{webp|avif|jpeg|auto}'],
      [`/img/Ana_Ink/${ID}/640.webp`, 'malformed artist'],
      [`/img/ana-ink/${ID.toUpperCase()}/640.webp`, 'malformed image id'],
      [`/img/ana-ink/${ID}/123456.webp`, 'width must be a number of 1 to 5 digits'],
      [`/img/ana-ink/${ID}/-5.webp`, 'width must be a number of 1 to 5 digits'],
      [`/img/ana-ink/${ID}/640.png`, 'format must be one of webp, avif, jpeg or auto'],
    ];
    for (const [uri, reason] of refusals)
      expect(normalize(uri), uri).to.equal(`400: Bad image URL: ${reason}`);
  });

  it('forwards only canonical variant paths, whatever it is given', () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'img',
        'ana-ink',
        ID,
        '640.webp',
        '..',
        '.',
        '',
        '%2F',
        '1e9.avif',
        '640.auto',
      ),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 6 }),
        fc.string(),
        (segments, accept) => {
          const uri = `/${segments.join('/')}`;
          const result = normalizer.run(request(uri, { headers: { accept: { value: accept } } }));
          if (result.kind === 'response') {
            expect(result.response.statusCode).to.equal(400);
            return;
          }
          // Everything under /img/ that passes is exactly one allowed variant.
          if (uri.startsWith('/img/'))
            expect(parseVariantKey(result.request.uri.slice(1)), uri).not.to.equal(undefined);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
