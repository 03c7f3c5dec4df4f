import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { fetch } from 'undici';
import { downloadImage, downloadWithRetries, type FetchLike } from '../../scraper/web/download.ts';
import { SsrfGuard } from '../../scraper/web/ssrf-guard.ts';
import { corpusFile } from '../support/corpus.ts';
import { type FixtureServer, reply, startFixtureServer } from '../support/fixture-server.ts';

describe('image downloads', () => {
  let server: FixtureServer;
  const dispatcher = new SsrfGuard(['127.0.0.1']).dispatcher();
  const guardedFetch: FetchLike = (url, init) =>
    fetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
  const limits = { maxBytes: 1024 * 1024, timeoutMs: 3000, idleTimeoutMs: 300 };
  const photo = corpusFile('4.webp');

  before(async () => {
    server = await startFixtureServer({
      '/photo.webp': reply(200, photo, { 'content-type': 'image/webp' }),
      '/page.jpg': reply(200, '<html><body>Not a photo</body></html>', {
        'content-type': 'image/jpeg',
      }),
      '/huge.jpg': (_req, res) => {
        // 40 MB announced and streamed: refused at the cap, not after downloading it all.
        res.writeHead(200, {
          'content-type': 'image/jpeg',
          'content-length': String(40 * 1024 * 1024),
        });
        res.write(photo);
        res.end();
      },
      '/chunked-huge.jpg': (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        const chunk = Buffer.alloc(256 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 40 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
          if (sent < 40 * 1024 * 1024) res.once('drain', pump);
          else res.end();
        };
        res.on('error', () => {});
        pump();
      },
      '/drip.jpg': (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.write(photo.subarray(0, 10));
        const timer = setInterval(() => res.write(photo.subarray(10, 11)), 1000);
        res.on('close', () => clearInterval(timer));
      },
      '/missing.jpg': reply(404, 'nope'),
      '/to-private.jpg': reply(302, '', { location: 'http://127.0.0.2/photo.webp' }),
    });
  });
  after(async () => {
    await server.close();
    await dispatcher.close();
  });

  it('downloads an image and tells its type from its bytes', async () => {
    const result = await downloadImage(guardedFetch, `${server.origin}/photo.webp`, limits);
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.format).to.equal('webp');
    expect(result.bytes.equals(photo)).to.equal(true);
    expect(result.sha256).to.equal(createHash('sha256').update(photo).digest('hex'));
  });

  it('refuses what is not an image, whatever its Content-Type says', async () => {
    const result = await downloadImage(guardedFetch, `${server.origin}/page.jpg`, limits);
    expect(result).to.deep.include({ ok: false, code: 'unsupported-format' });
  });

  it('stops at the byte cap, announced or not', async () => {
    expect(await downloadImage(guardedFetch, `${server.origin}/huge.jpg`, limits)).to.deep.equal({
      ok: false,
      code: 'file-too-large',
      reason: `${server.origin}/huge.jpg is over 1048576 bytes (41943040 so far)`,
    });
    const chunked = await downloadImage(guardedFetch, `${server.origin}/chunked-huge.jpg`, limits);
    expect(chunked).to.deep.include({ ok: false, code: 'file-too-large' });
  });

  it('gives up on a server that drips bytes', async () => {
    expect(await downloadImage(guardedFetch, `${server.origin}/drip.jpg`, limits)).to.deep.equal({
      ok: false,
      code: 'stalled',
      reason: `${server.origin}/drip.jpg sent nothing for 300 ms`,
    });
    const slowButSteady = await downloadImage(guardedFetch, `${server.origin}/drip.jpg`, {
      ...limits,
      idleTimeoutMs: 2000,
      timeoutMs: 1500,
    });
    expect(slowButSteady).to.deep.include({ ok: false, code: 'timeout' });
  });

  it('reports HTTP errors and blocked redirects without throwing', async () => {
    expect(await downloadImage(guardedFetch, `${server.origin}/missing.jpg`, limits)).to.deep.equal(
      {
        ok: false,
        code: 'http-error',
        status: 404,
        reason: `The server answered 404 for ${server.origin}/missing.jpg`,
      },
    );
    expect(
      await downloadImage(guardedFetch, `${server.origin}/to-private.jpg`, limits),
    ).to.deep.include({
      ok: false,
      code: 'blocked-address',
    });
  });

  it('tries a 5xx or a reset again with a pause, never a 4xx, and says how many tries it took', async () => {
    let flaky = 0;
    server.routes.set('/flaky.webp', (_req, res) => {
      flaky++;
      if (flaky <= 2) res.writeHead(500).end('busy');
      else res.writeHead(200, { 'content-type': 'image/webp' }).end(photo);
    });
    let resets = 0;
    server.routes.set('/reset.webp', (req, res) => {
      resets++;
      if (resets === 1) req.socket.destroy();
      else res.writeHead(200, { 'content-type': 'image/webp' }).end(photo);
    });
    server.routes.set('/down.jpg', reply(503, 'down'));
    const retries = { retries: 2, minDelayMs: 20 };
    const started = performance.now();
    const ok = await downloadWithRetries(
      guardedFetch,
      `${server.origin}/flaky.webp`,
      limits,
      retries,
    );
    expect(ok).to.include({ ok: true, format: 'webp' });
    expect(flaky).to.equal(3);
    // Two pauses of at least 20 and 40 ms, give or take the jitter.
    expect(performance.now() - started).to.be.at.least(40);
    expect(
      await downloadWithRetries(guardedFetch, `${server.origin}/reset.webp`, limits, retries),
    ).to.include({ ok: true });
    expect(resets).to.equal(2);
    const before = server.requests.length;
    expect(
      await downloadWithRetries(guardedFetch, `${server.origin}/down.jpg`, limits, retries),
    ).to.deep.include({
      ok: false,
      code: 'http-error',
      reason: `The server answered 503 for ${server.origin}/down.jpg (3 tries)`,
    });
    expect(server.requests.length - before).to.equal(3);
    const missing = server.requests.length;
    expect(
      await downloadWithRetries(guardedFetch, `${server.origin}/missing.jpg`, limits, retries),
    ).to.include({ ok: false, code: 'http-error' });
    expect(server.requests.length - missing).to.equal(1);
  });
});
