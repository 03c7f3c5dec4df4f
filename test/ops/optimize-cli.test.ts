import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import sharp from 'sharp';
import { corpusDir } from '../support/corpus.ts';

const run = promisify(execFile);

/** Runs the command as `npm run optimize` does, and returns its exit code and output. */
async function optimize(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [
      '--import',
      'tsx',
      'ops/optimize-cli.ts',
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('npm run optimize', () => {
  let out: string;
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'optimize-cli-'));
  });
  afterEach(() => rm(out, { recursive: true, force: true }));

  it('writes the ladder and prints one JSON line per file: ok, duplicate, rejected', async () => {
    const files = ['Landscape_6.jpg', 'Landscape_3.jpg', 'check.svg'].map((f) =>
      join(corpusDir(), f),
    );
    const { code, stdout, stderr } = await optimize(['--out', out, ...files]);
    expect(code).to.equal(0);
    expect(stderr).to.include('[3/3]');
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.file, l.status])).to.deep.equal([
      [files[0], 'ok'],
      [files[1], 'duplicate'],
      [files[2], 'rejected'],
    ]);
    expect(lines[0]).to.include({ width: 1800, height: 1200 });
    expect(lines[1]).to.include({ duplicateOf: files[0] });
    expect(lines[2]).to.include({ code: 'unsupported-format' });
    const written = (await readdir(join(out, 'Landscape_6.jpg'))).sort();
    expect(written).to.deep.equal([
      '1280.avif',
      '1280.webp',
      '160.avif',
      '160.webp',
      '1800.avif',
      '1800.webp',
      '320.avif',
      '320.webp',
      '640.avif',
      '640.webp',
      '960.avif',
      '960.webp',
    ]);
    const top = await sharp(join(out, 'Landscape_6.jpg', '1800.webp')).metadata();
    expect([top.format, top.width, top.height]).to.deep.equal(['webp', 1800, 1200]);
    expect(lines[0].kind).to.equal('photo');
    expect(lines[0].variants[0]).to.deep.include({ format: 'avif', width: 160 });
    const smallestWebp = lines[0].variants.find((v: { format: string }) => v.format === 'webp');
    expect(smallestWebp).to.deep.equal({
      format: 'webp',
      width: 160,
      height: 107,
      bytes: smallestWebp.bytes,
      path: join(out, 'Landscape_6.jpg', '160.webp'),
    });
  });

  it('reports an unreadable file and exits 1; no arguments is a usage error (exit 2)', async () => {
    const missing = join(out, 'missing.jpg');
    const result = await optimize([missing]);
    expect(result.code).to.equal(1);
    expect(JSON.parse(result.stdout)).to.deep.equal({
      file: missing,
      status: 'rejected',
      code: 'unreadable-file',
      reason: `Cannot read the file: ENOENT: no such file or directory, stat '${missing}'`,
    });
    const usage = await optimize([]);
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.equal(
      'No files given.\nUsage: npm run optimize -- [--out <dir>] <file>...\n',
    );
  });
});
