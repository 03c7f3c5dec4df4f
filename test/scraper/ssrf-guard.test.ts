import { expect } from 'chai';
import { fetch } from 'undici';
import { BlockedAddressError, forbiddenRange, SsrfGuard } from '../../scraper/web/ssrf-guard.ts';
import { type FixtureServer, reply, startFixtureServer } from '../support/fixture-server.ts';

describe('SSRF guard', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer({
      '/ok': reply(200, 'hello'),
      '/to-loopback': reply(302, '', { location: 'http://127.0.0.2/secret' }),
      '/to-metadata': reply(302, '', { location: 'http://169.254.169.254/latest/meta-data/' }),
      '/to-localhost': (_req, res) => {
        res.writeHead(302, { location: `http://localhost:${server.port}/ok` }).end();
      },
    });
  });
  after(() => server.close());

  it('classifies every non-public range, IPv4-mapped addresses included', () => {
    const ranges = Object.fromEntries(
      [
        '127.0.0.2',
        '10.0.0.1',
        '172.16.5.4',
        '192.168.1.1',
        '100.64.0.1',
        '169.254.170.2',
        '0.0.0.0',
        '::1',
        'fe80::1',
        'fc00::1',
        '::ffff:10.0.0.1',
        '224.0.0.1',
        '::7f00:1',
        '8.8.8.8',
        '2606:4700::1111',
      ].map((a) => [a, forbiddenRange(a)]),
    );
    expect(ranges).to.deep.equal({
      '127.0.0.2': 'loopback',
      '10.0.0.1': 'private',
      '172.16.5.4': 'private',
      '192.168.1.1': 'private',
      '100.64.0.1': 'carrierGradeNat',
      '169.254.170.2': 'linkLocal',
      '0.0.0.0': 'unspecified',
      '::1': 'loopback',
      'fe80::1': 'linkLocal',
      'fc00::1': 'uniqueLocal',
      '::ffff:10.0.0.1': 'private',
      '224.0.0.1': 'multicast',
      '::7f00:1': 'ipv4Compatible',
      '8.8.8.8': undefined,
      '2606:4700::1111': undefined,
    });
  });

  it('lets an allowlisted host through and refuses a loopback address that is not listed', async () => {
    const dispatcher = new SsrfGuard(['127.0.0.1']).dispatcher();
    expect(await (await fetch(`${server.origin}/ok`, { dispatcher })).text()).to.equal('hello');
    const error = await fetch(`http://127.0.0.2:${server.port}/ok`, { dispatcher }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const cause = (error as Error).cause;
    expect(cause).to.be.instanceOf(BlockedAddressError);
    expect((cause as Error).message).to.equal(
      'Refused to connect to 127.0.0.2: a loopback address; list the host in SCRAPER_ALLOW_PRIVATE_HOSTS to allow it',
    );
    await dispatcher.close();
  });

  it('checks every redirect: to another loopback address, to the metadata endpoint, to a name', async () => {
    const dispatcher = new SsrfGuard(['127.0.0.1']).dispatcher();
    const refusal = async (path: string) => {
      const error = await fetch(`${server.origin}${path}`, { dispatcher }).then(
        () => undefined,
        (e: unknown) => e,
      );
      // localhost may resolve to ::1 first; either way it is loopback.
      return ((error as Error).cause as Error).message.replace('(::1)', '(127.0.0.1)');
    };
    const hint = '; list the host in SCRAPER_ALLOW_PRIVATE_HOSTS to allow it';
    expect(await refusal('/to-loopback')).to.equal(
      `Refused to connect to 127.0.0.2: a loopback address${hint}`,
    );
    expect(await refusal('/to-metadata')).to.equal(
      `Refused to connect to 169.254.169.254: a linkLocal address${hint}`,
    );
    expect(await refusal('/to-localhost')).to.equal(
      `Refused to connect to localhost (127.0.0.1): a loopback address${hint}`,
    );
    expect(server.requests).not.to.include('/secret');
    expect(server.requests.filter((path) => path === '/ok')).to.have.length(1); // the first test's
    await dispatcher.close();
  });
});
