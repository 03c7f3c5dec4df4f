import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import lockfile from 'proper-lockfile';
import { DataInUseError, lockDataDir } from '../../local/data-lock.ts';

const lockModule = resolve(import.meta.dirname, '../../local/data-lock.ts');

/** A process that takes the lock of `dataDir` and holds it until killed. */
async function holder(dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { lockDataDir } from ${JSON.stringify(lockModule)};
       await lockDataDir(process.env.LOCK_DIR);
       process.stdout.write('locked\\n');
       setInterval(() => {}, 1000);`,
    ],
    { env: { ...process.env, LOCK_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) done();
    });
    child.once('exit', (code) => fail(new Error(`the lock holder exited ${code}`)));
  });
  return child;
}

describe('the local data lock', function () {
  this.timeout(30_000);
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'data-lock-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('names the live process that holds it', async () => {
    const child = await holder(dataDir);
    try {
      const refused = await lockDataDir(dataDir).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).to.be.instanceOf(DataInUseError);
      expect((refused as DataInUseError).owner?.pid).to.equal(child.pid);
      expect((refused as Error).message).to.match(
        new RegExp(`in use by another process \\(PID ${child.pid}, .*, since \\d{4}-`),
      );
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over at once a lock whose holder was killed', async () => {
    const child = await holder(dataDir);
    const gone = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await gone;
    // proper-lockfile alone would still call the lock held (it is not 30 s old).
    const lockfilePath = join(dataDir, '.lock');
    expect(lockfile.checkSync(dataDir, { lockfilePath, stale: 30_000 })).to.equal(true);
    const unlock = await lockDataDir(dataDir);
    const owner = JSON.parse(await readFile(join(dataDir, '.lock-owner.json'), 'utf8'));
    expect(owner.pid).to.equal(process.pid);
    await unlock();
    // Released: the next one takes it straight away.
    await (await lockDataDir(dataDir))();
  });
});
