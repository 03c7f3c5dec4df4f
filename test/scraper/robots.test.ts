import { expect } from 'chai';
import { fetch } from 'undici';
import { RobotsPolicy } from '../../scraper/web/robots.ts';
import { SsrfGuard } from '../../scraper/web/ssrf-guard.ts';
import { type FixtureServer, reply, startFixtureServer } from '../support/fixture-server.ts';

const EXAMPLE = 'https://www.example.com';

/** A policy for `token` that reads `robotsTxt` as every origin's robots.txt, without a network. */
function offlinePolicy(robotsTxt: string, token: string): RobotsPolicy {
  return new RobotsPolicy({
    userAgentToken: token,
    fetch: async () => new Response(robotsTxt, { status: 200 }),
  });
}

/** Whether `token` may fetch each of `paths` on www.example.com under `robotsTxt`. */
async function allowedPaths(
  robotsTxt: string,
  token: string,
  paths: string[],
): Promise<Record<string, boolean>> {
  const robots = offlinePolicy(robotsTxt, token);
  const verdicts: Record<string, boolean> = {};
  for (const path of paths) verdicts[path] = (await robots.check(`${EXAMPLE}${path}`)).allowed;
  return verdicts;
}

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

  it('lists the absolute Sitemap URLs of the file, once each, from the robots.txt check() read', async () => {
    server.routes.set(
      '/robots.txt',
      reply(
        200,
        [
          'Sitemap: https://cdn.example.net/sitemap-index.xml',
          'User-agent: *',
          'sitemap: /sitemap-pages.xml # relative: resolved against the robots.txt URL',
          'Disallow: /private/',
          'User-agent: portfolio-pipeline',
          'SITEMAP:https://cdn.example.net/sitemap-index.xml',
          'Sitemap: ftp://example.com/sitemap.xml',
          'Sitemap:',
          'Allow: /',
        ].join('\n'),
      ),
    );
    const robots = policy();
    expect(await robots.check(`${server.origin}/private/x.jpg`)).to.deep.equal({ allowed: true });
    expect(await robots.sitemaps(server.origin)).to.deep.equal([
      'https://cdn.example.net/sitemap-index.xml',
      `${server.origin}/sitemap-pages.xml`,
    ]);
    expect(await robots.sitemaps(`${server.origin}/gallery/?page=2`)).to.deep.equal([
      'https://cdn.example.net/sitemap-index.xml',
      `${server.origin}/sitemap-pages.xml`,
    ]);
    expect(server.requests.filter((p) => p === '/robots.txt')).to.have.length(1);
  });

  it('lists no sitemap when robots.txt is missing, answers 5xx or cannot be reached', async () => {
    expect(await policy().sitemaps(server.origin)).to.deep.equal([]);
    server.routes.set('/robots.txt', reply(503, 'Sitemap: https://example.com/sitemap.xml'));
    expect(await policy().sitemaps(server.origin)).to.deep.equal([]);
    const origin = server.origin;
    await server.close();
    expect(await policy().sitemaps(origin)).to.deep.equal([]);
    server = await startFixtureServer();
  });

  describe('the examples of RFC 9309', () => {
    it('§2.2.1: finds the group of the product token case-insensitively, directive names too', async () => {
      const robotsTxt = 'user-agent: ExampleBot\ndisallow: /foo\n\nUSER-AGENT: *\nDISALLOW: /bar\n';
      for (const token of ['ExampleBot', 'examplebot', 'EXAMPLEBOT']) {
        expect(await allowedPaths(robotsTxt, token, ['/foo', '/bar'])).to.deep.equal({
          '/foo': false,
          '/bar': true,
        });
      }
      expect(await allowedPaths(robotsTxt, 'OtherBot', ['/foo', '/bar'])).to.deep.equal({
        '/foo': true,
        '/bar': false,
      });
    });

    it('§2.2.1: reads a user-agent line by its product token, never by a longer token', async () => {
      const robotsTxt = [
        'User-agent: ExampleBot/0.1',
        'Disallow: /versioned',
        'User-agent: ExampleBot (+https://www.example.com/bot.html)',
        'Disallow: /commented',
        'User-agent: ExampleBotNews',
        'Disallow: /news',
      ].join('\n');
      expect(
        await allowedPaths(robotsTxt, 'ExampleBot', ['/versioned', '/commented', '/news']),
      ).to.deep.equal({ '/versioned': false, '/commented': false, '/news': true });
    });

    it('§2.2.1: merges the groups that name the same product token (/foo, /bar and /baz)', async () => {
      const robotsTxt = [
        'user-agent: ExampleBot',
        'disallow: /foo',
        'disallow: /bar',
        '',
        'user-agent: ExampleBot',
        'disallow: /baz',
      ].join('\n');
      expect(
        await allowedPaths(robotsTxt, 'ExampleBot', ['/foo', '/bar', '/baz', '/qux']),
      ).to.deep.equal({ '/foo': false, '/bar': false, '/baz': false, '/qux': true });
    });

    it('§2.2.1: obeys the * group only when no group names the crawler', async () => {
      const robotsTxt = [
        'user-agent: *',
        'disallow: /foo',
        'disallow: /bar',
        '',
        'user-agent: BazBot',
        'disallow: /baz',
      ].join('\n');
      expect(await allowedPaths(robotsTxt, 'ExampleBot', ['/foo', '/bar', '/baz'])).to.deep.equal({
        '/foo': false,
        '/bar': false,
        '/baz': true,
      });
      expect(await allowedPaths(robotsTxt, 'BazBot', ['/foo', '/bar', '/baz'])).to.deep.equal({
        '/foo': true,
        '/bar': true,
        '/baz': false,
      });
    });

    it('§2.2.1: applies no rule when no group matches and there is no * group, or no group', async () => {
      expect(
        await allowedPaths('user-agent: BazBot\ndisallow: /\n', 'ExampleBot', ['/', '/baz']),
      ).to.deep.equal({ '/': true, '/baz': true });
      expect(await allowedPaths('', 'ExampleBot', ['/', '/baz'])).to.deep.equal({
        '/': true,
        '/baz': true,
      });
    });

    it('§2.2.2 and §5.2: the longest matching rule wins, whatever the order of the lines', async () => {
      const paths = ['/example/page/', '/example/page/x.html', '/example/page/disallowed.gif'];
      const expected = {
        '/example/page/': true,
        '/example/page/x.html': true,
        '/example/page/disallowed.gif': false,
      };
      const longestMatch =
        'User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n';
      expect(await allowedPaths(longestMatch, 'foobot', paths)).to.deep.equal(expected);
      const reversed =
        'User-Agent: foobot\nDisallow: /example/page/disallowed.gif\nAllow: /example/page/\n';
      expect(await allowedPaths(reversed, 'foobot', paths)).to.deep.equal(expected);
      expect(
        await allowedPaths('User-agent: *\nDisallow: /\nAllow: /gallery/\n', 'foobot', [
          '/',
          '/about',
          '/gallery/1.jpg',
        ]),
      ).to.deep.equal({ '/': false, '/about': false, '/gallery/1.jpg': true });
    });

    it('§2.2.2: an allow rule equivalent to a disallow rule wins the tie', async () => {
      expect(
        await allowedPaths('User-agent: *\nDisallow: /page\nAllow: /page\n', 'foobot', [
          '/page',
          '/pages/1',
        ]),
      ).to.deep.equal({ '/page': true, '/pages/1': true });
      expect(
        await allowedPaths('User-agent: *\nAllow: /\nDisallow: /\n', 'foobot', ['/', '/x']),
      ).to.deep.equal({ '/': true, '/x': true });
    });

    it('§2.2.2: allows what no rule matches, ignores rules outside a group and an empty disallow', async () => {
      const robotsTxt = 'Disallow: /\n\nUser-agent: *\nDisallow:\nDisallow: /private\n';
      expect(await allowedPaths(robotsTxt, 'foobot', ['/', '/gallery/', '/private'])).to.deep.equal(
        { '/': true, '/gallery/': true, '/private': false },
      );
    });

    it('§2.2.2: /robots.txt is implicitly allowed', async () => {
      expect(
        await allowedPaths('User-agent: *\nDisallow: /\n', 'foobot', ['/robots.txt', '/']),
      ).to.deep.equal({ '/robots.txt': true, '/': false });
    });

    it('§2.2.2: compares each path of the percent-encoding table in its encoded form', async () => {
      // Each row of the table: a rule written as the path disallows the encoded URL, and a rule
      // written encoded disallows the path.
      const rows: [string, string][] = [
        ['/foo/bar?baz=quz', '/foo/bar?baz=quz'],
        ['/foo/bar?baz=https://foo.bar', '/foo/bar?baz=https%3A%2F%2Ffoo.bar'],
        ['/foo/bar/ツ', '/foo/bar/%E3%83%84'],
        ['/foo/bar/%E3%83%84', '/foo/bar/%e3%83%84'],
        ['/foo/bar/%62%61%7A', '/foo/bar/baz'],
      ];
      for (const [path, encoded] of rows) {
        const unrelated = `${path}-other`.replace('?', '-?');
        expect(
          await allowedPaths(`User-agent: *\nDisallow: ${path}$\n`, 'foobot', [encoded, unrelated]),
          path,
        ).to.deep.equal({ [encoded]: false, [unrelated]: true });
        expect(
          await allowedPaths(`User-agent: *\nDisallow: ${encoded}$\n`, 'foobot', [path]),
          encoded,
        ).to.deep.equal({ [path]: false });
      }
    });

    it('§2.2.2: an encoded reserved character in a path is not the character itself', async () => {
      expect(
        await allowedPaths('User-agent: *\nDisallow: /a%2Fb\nDisallow: /c/d\n', 'foobot', [
          '/a%2Fb',
          '/a/b',
          '/c%2fd',
          '/c/d',
        ]),
      ).to.deep.equal({ '/a%2Fb': false, '/a/b': true, '/c%2fd': true, '/c/d': false });
    });

    it('§2.2.3: * matches any run of characters and $ ends the pattern', async () => {
      const star = 'User-agent: *\nDisallow: /\nAllow: /this/*/exactly\n';
      expect(
        await allowedPaths(star, 'foobot', [
          '/this/path/exactly',
          '/this/a/b/exactly',
          '/this/path/exactly/more',
          '/this/exactly',
          '/that/path/exactly',
        ]),
      ).to.deep.equal({
        '/this/path/exactly': true,
        '/this/a/b/exactly': true,
        '/this/path/exactly/more': true,
        '/this/exactly': false,
        '/that/path/exactly': false,
      });
      const dollar = 'User-agent: *\nDisallow: /\nAllow: /this/path/exactly$\nAllow: /gif*.gif$\n';
      expect(
        await allowedPaths(dollar, 'foobot', [
          '/this/path/exactly',
          '/this/path/exactly2',
          '/this/path/exactly?x=1',
          '/gif/a.gif',
          '/gif/a.gif.html',
        ]),
      ).to.deep.equal({
        '/this/path/exactly': true,
        '/this/path/exactly2': false,
        '/this/path/exactly?x=1': false,
        '/gif/a.gif': true,
        '/gif/a.gif.html': false,
      });
    });

    it('§2.2.3: # starts a comment, on its own line or after a rule', async () => {
      const robotsTxt = [
        '# comment on its own line',
        'User-agent: foobot # this group is ours',
        '# a comment between user-agent lines keeps the group',
        'User-agent: barbot',
        'Disallow: /private # comment in line',
        'allow: / # comment in line',
      ].join('\n');
      for (const token of ['foobot', 'barbot']) {
        expect(await allowedPaths(robotsTxt, token, ['/', '/private/x', '/public'])).to.deep.equal({
          '/': true,
          '/private/x': false,
          '/public': true,
        });
      }
    });

    it('§2.2.3: a percent-encoded * or $ in a rule matches that character in the URL', async () => {
      const robotsTxt =
        'User-agent: *\nDisallow: /path/file-with-a-%2A.html\nDisallow: /path/foo-%24\n';
      expect(
        await allowedPaths(robotsTxt, 'foobot', [
          '/path/file-with-a-*.html',
          '/path/file-with-a-x.html',
          '/path/foo-$',
          '/path/foo-',
        ]),
      ).to.deep.equal({
        '/path/file-with-a-*.html': false,
        '/path/file-with-a-x.html': true,
        '/path/foo-$': false,
        '/path/foo-': true,
      });
    });

    it('§5.1: the simple example gives each crawler the access the RFC describes', async () => {
      const simpleExample = [
        'User-Agent: *',
        'Disallow: *.gif$',
        'Disallow: /example/',
        'Allow: /publications/',
        '',
        'User-Agent: foobot',
        'Disallow:/',
        'Allow:/example/page.html',
        'Allow:/example/allowed.gif',
        '',
        'User-Agent: barbot',
        'User-Agent: bazbot',
        'Disallow: /example/page.html',
        '',
        'User-Agent: quxbot',
        '',
      ].join('\n');
      const paths = [
        '/',
        '/example/page.html',
        '/example/allowed.gif',
        '/example/other.html',
        '/photo.gif',
        '/publications/',
        '/publications/cover.gif',
      ];
      // The * group: no /example/ and no GIF, /publications/ allowed (its rule is the longest).
      expect(await allowedPaths(simpleExample, 'otherbot', paths)).to.deep.equal({
        '/': true,
        '/example/page.html': false,
        '/example/allowed.gif': false,
        '/example/other.html': false,
        '/photo.gif': false,
        '/publications/': true,
        '/publications/cover.gif': true,
      });
      // foobot may fetch two paths only.
      expect(await allowedPaths(simpleExample, 'foobot', paths)).to.deep.equal({
        '/': false,
        '/example/page.html': true,
        '/example/allowed.gif': true,
        '/example/other.html': false,
        '/photo.gif': false,
        '/publications/': false,
        '/publications/cover.gif': false,
      });
      // barbot and bazbot: one group of two user-agent lines, everything but /example/page.html.
      for (const token of ['barbot', 'bazbot']) {
        expect(await allowedPaths(simpleExample, token, paths)).to.deep.equal({
          '/': true,
          '/example/page.html': false,
          '/example/allowed.gif': true,
          '/example/other.html': true,
          '/photo.gif': true,
          '/publications/': true,
          '/publications/cover.gif': true,
        });
      }
      // quxbot: an empty group at the end of the file allows everything, not the * group.
      expect(await allowedPaths(simpleExample, 'quxbot', paths)).to.deep.equal(
        Object.fromEntries(paths.map((path) => [path, true])),
      );
    });

    it('§2.1: a group ends only at a user-agent line that follows its rules', async () => {
      const robotsTxt = [
        'User-agent: foobot',
        'Disallow: /a',
        '',
        'Sitemap: https://www.example.com/sitemap.xml',
        'Foo: bar',
        'Disallow: /b',
        'User-agent: barbot',
        'Disallow: /c',
      ].join('\n');
      const paths = ['/a', '/b', '/c'];
      expect(await allowedPaths(robotsTxt, 'foobot', paths)).to.deep.equal({
        '/a': false,
        '/b': false,
        '/c': true,
      });
      expect(await allowedPaths(robotsTxt, 'barbot', paths)).to.deep.equal({
        '/a': true,
        '/b': true,
        '/c': false,
      });
    });

    it('§2.2.4: a Sitemap line between two user-agent lines does not end the group', async () => {
      const robotsTxt = [
        'User-agent: FooBot',
        'Sitemap: https://example.com/sitemap.xml',
        'User-agent: BarBot',
        'Disallow: /',
      ].join('\n');
      for (const token of ['FooBot', 'BarBot']) {
        expect(await allowedPaths(robotsTxt, token, ['/', '/gallery/'])).to.deep.equal({
          '/': false,
          '/gallery/': false,
        });
      }
      expect(await allowedPaths(robotsTxt, 'OtherBot', ['/'])).to.deep.equal({ '/': true });
      expect(await offlinePolicy(robotsTxt, 'FooBot').sitemaps(EXAMPLE)).to.deep.equal([
        'https://example.com/sitemap.xml',
      ]);
    });

    it('§2.2.4: an unknown line between two user-agent lines does not end the group', async () => {
      const robotsTxt = 'User-agent: FooBot\nFoo: bar\nUser-agent: BarBot\nDisallow: /\n';
      for (const token of ['FooBot', 'BarBot']) {
        expect(await allowedPaths(robotsTxt, token, ['/', '/gallery/'])).to.deep.equal({
          '/': false,
          '/gallery/': false,
        });
      }
    });

    it('§2.2.4: a Crawl-delay between two user-agent lines applies to the whole group', async () => {
      const robotsTxt = [
        'User-agent: *',
        'Disallow: /',
        '',
        'User-agent: FooBot',
        'Crawl-delay: 5',
        'User-agent: BarBot',
        'Disallow: /private/',
      ].join('\n');
      for (const token of ['FooBot', 'BarBot']) {
        const robots = offlinePolicy(robotsTxt, token);
        expect(await robots.check(`${EXAMPLE}/gallery/`)).to.deep.equal({
          allowed: true,
          crawlDelayMs: 5000,
        });
        expect(await robots.check(`${EXAMPLE}/private/x.jpg`)).to.deep.equal({
          allowed: false,
          crawlDelayMs: 5000,
          reason: `robots.txt of ${EXAMPLE} disallows it`,
        });
      }
    });
  });
});
