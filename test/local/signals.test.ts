// SIGTERM sent to the npm process alone (what `docker stop` or systemd send) stops a long
// command and everything it started, Chromium included, within a bound.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type FixtureServer, reply, startFixtureServer } from '../support/fixture-server.ts';
import { processesMarked, REPO_ROOT } from '../support/processes.ts';

const repoRoot = REPO_ROOT;

const TOKEN = 'EAAGtest-graph-token-0123456789';
const CREDENTIALS_URI = '/v2/credentials/test-0123456789';

describe('signals to the npm process', function () {
  this.timeout(120_000);
  let site: FixtureServer;
  let out: string;
  let npm: ChildProcess | undefined;
  const marker = `PORTFOLIO_TRACE_RUN=${randomUUID()}`;

  before(async () => {
    site = await startFixtureServer({
      '/robots.txt': reply(200, 'User-agent: *\nAllow: /\n'),
      // A page whose script waits for an answer that never comes: the browser is busy on it.
      '/': reply(
        200,
        `<html><body><div id="g"></div><script>fetch('/hang').then(() => {});</script></body></html>`,
        { 'content-type': 'text/html' },
      ),
      '/hang': () => {},
    });
    out = await mkdtemp(join(tmpdir(), 'signals-'));
  });
  after(async () => {
    npm?.kill('SIGKILL');
    for (const pid of processesMarked(marker)) process.kill(pid, 'SIGKILL');
    await site.close();
    await rm(out, { recursive: true, force: true });
  });

  it('npm run scrape: SIGTERM to npm alone ends the command, its Chromium and every child', async () => {
    const [name, value] = marker.split('=') as [string, string];
    npm = spawn('npm', ['run', 'scrape', '--', '--website', `${site.origin}/`, '--out', out], {
      cwd: repoRoot,
      env: {
        ...process.env,
        [name]: value,
        SCRAPER_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        SCRAPER_HOST_DELAY_MS: '0',
        CHROME_ARGS: '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
        // Secrets a task holds: Chromium must not inherit them.
        INSTAGRAM_GRAPH_TOKEN: TOKEN,
        INSTAGRAM_GRAPH_USER_ID: '17841400000000000',
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: CREDENTIALS_URI,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => npm?.once('exit', (code) => done(code)));
    // Chromium is reading the page once the page's own request arrives.
    while (!site.requests.includes('/hang')) {
      if (npm.exitCode !== null) throw new Error('npm run scrape ended before the page was read');
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(processesMarked(marker).length).to.be.at.least(3); // npm, node, Chromium...
    // Every Chromium process (browser, renderers) runs without the token and the credentials.
    const chromium = processesMarked(marker).filter((pid) =>
      /chrom/i.test(readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0')[0] ?? ''),
    );
    expect(chromium.length, 'Chromium processes').to.be.at.least(2);
    for (const pid of chromium) {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      expect(environ, `Chromium ${pid}`).not.to.include(TOKEN);
      expect(environ, `Chromium ${pid}`).not.to.include(CREDENTIALS_URI);
    }
    process.kill(npm.pid as number, 'SIGTERM');
    await exited;
    // Everything it started goes within a bound.
    const deadline = Date.now() + 10_000;
    while (processesMarked(marker).length > 0 && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 200));
    expect(processesMarked(marker), 'processes left behind').to.deep.equal([]);
  });
});
