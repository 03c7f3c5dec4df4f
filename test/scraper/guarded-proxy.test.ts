// The proxy Chromium connects through: malformed CONNECT targets refused without taking the
// scraper down, the guard applied to tunnels, and idle tunnels closed.
import { connect } from 'node:net';
import { expect } from 'chai';
import {
  connectTarget,
  type GuardedProxy,
  startGuardedProxy,
} from '../../scraper/web/guarded-proxy.ts';
import { SsrfGuard } from '../../scraper/web/ssrf-guard.ts';
import { type FixtureServer, reply, startFixtureServer } from '../support/fixture-server.ts';

/** Sends `CONNECT target` to the proxy; resolves with its status line and when it closed. */
function tunnel(proxy: GuardedProxy, target: string) {
  const { port } = new URL(proxy.url);
  const socket = connect(Number(port), '127.0.0.1');
  const closed = new Promise<number>((resolve) => {
    const started = Date.now();
    socket.on('close', () => resolve(Date.now() - started));
  });
  const status = new Promise<string>((resolve) => {
    let seen = '';
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('\r\n')) resolve(seen.split('\r\n')[0] ?? '');
    });
    socket.on('close', () => resolve(seen.split('\r\n')[0] ?? ''));
  });
  socket.on('error', () => {});
  socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
  return { socket, status, closed };
}

describe('guarded proxy', () => {
  let site: FixtureServer;
  let proxy: GuardedProxy;

  before(async () => {
    site = await startFixtureServer({ '/': reply(200, 'hello') });
    proxy = await startGuardedProxy(new SsrfGuard(['127.0.0.1']), { idleMs: 300 });
  });
  after(async () => {
    await proxy.close();
    await site.close();
  });

  it('reads CONNECT targets strictly', () => {
    expect(connectTarget('example.com:443')).to.deep.equal({ host: 'example.com', port: 443 });
    expect(connectTarget('[::1]:8443')).to.deep.equal({ host: '[::1]', port: 8443 });
    for (const bad of ['example.com:99999', 'example.com:0', 'example.com', 'a b:80', ':443'])
      expect(connectTarget(bad), bad).to.equal(undefined);
  });

  it('answers 400 to a port out of range, and goes on serving', async () => {
    const bad = tunnel(proxy, '127.0.0.1:99999');
    expect(await bad.status).to.equal('HTTP/1.1 400 Bad Request');
    const good = tunnel(proxy, `127.0.0.1:${site.port}`);
    expect(await good.status).to.equal('HTTP/1.1 200 Connection Established');
    good.socket.destroy();
  });

  it('refuses a tunnel to an address the guard forbids', async () => {
    const refused = tunnel(proxy, `127.0.0.2:${site.port}`);
    expect(await refused.status).to.equal('HTTP/1.1 403 Forbidden');
  });

  it('closes a tunnel nobody uses', async () => {
    const idle = tunnel(proxy, `127.0.0.1:${site.port}`);
    expect(await idle.status).to.equal('HTTP/1.1 200 Connection Established');
    const after = await idle.closed;
    expect(after).to.be.within(250, 3000);
  });
});
