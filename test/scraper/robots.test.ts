import { expect } from 'chai';
import { fetch } from 'undici';
import { RobotsPolicy } from '../../scraper/robots.ts';
import { SsrfGuard } from '../../scraper/ssrf-guard.ts';
import { type FixtureServer, reply, startFixtureServer } from '../support/fixture-server.ts';

describe('robots.txt policy (RFC 9309)', () => {
  let server: FixtureServer;
  const dispatcher = new SsrfGuard(['127.0.0.1']).dispatcher();
  const policy = () =>
    new RobotsPolicy({
      userAgentToken: 'portfolio-pipeline',
      fetch: (url, init) =>
        fetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>,
    });

  beforeEach(async () => {
    server = await startFixtureServer();
  });
  afterEach(() => server.close());
  after(() => dispatcher.close());

  it('follows the rules for our product token and honours Crawl-delay', async () => {
    server.routes.set(
      '/robots.txt',
      reply(
        200,
        'User-agent: *\nDisallow: /\n\nUser-agent: portfolio-pipeline\nDisallow: /private/\nCrawl-delay: 2\n',
      ),
    );
    const robots = policy();
    expect(await robots.check(`${server.origin}/gallery/`)).to.deep.equal({
      allowed: true,
      crawlDelayMs: 2000,
    });
    expect(await robots.check(`${server.origin}/private/x.jpg`)).to.deep.equal({
      allowed: false,
      crawlDelayMs: 2000,
      reason: `robots.txt of ${server.origin} disallows it`,
    });
    expect(server.requests.filter((p) => p === '/robots.txt')).to.have.length(1);
  });

  it('allows everything when robots.txt is missing (4xx)', async () => {
    expect(await policy().check(`${server.origin}/gallery/`)).to.deep.equal({ allowed: true });
  });

  it('disallows everything when robots.txt answers 5xx, which Crawlee would read as allowed', async () => {
    server.routes.set('/robots.txt', reply(503, 'busy'));
    expect(await policy().check(`${server.origin}/gallery/`)).to.deep.equal({
      allowed: false,
      reason: `robots.txt of ${server.origin} answered 503: disallow all`,
    });
  });

  it('disallows everything when robots.txt cannot be reached', async () => {
    const origin = server.origin;
    await server.close();
    const verdict = await policy().check(`${origin}/gallery/`);
    expect(verdict.allowed).to.equal(false);
    expect(verdict.reason).to.match(
      new RegExp(`^robots.txt of ${origin} is unreachable \\(.+\\): disallow all$`),
    );
    server = await startFixtureServer();
  });
});
