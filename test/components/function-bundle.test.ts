// Lambda packaging: real esbuild bundles, and sharp installed for each function's own CPU.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  bundleFunction,
  FUNCTION_SOURCES,
  type FunctionName,
  lockedSharpVersion,
  UNZIPPED_LIMIT_BYTES,
} from '../../components/function-bundle.ts';

/**
 * Evaluates `expression` (awaited) in a separate Node whose working directory is the bundle, and
 * returns what it printed. A separate process: a second libvips must not load into this one.
 */
function inBundle(dir: string, expression: string): string {
  return execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `console.log(await ${expression})`],
    { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
  ).trim();
}

describe('Lambda bundles', function () {
  // An arm64 sharp comes from the npm registry the first time (about 10 MB).
  this.timeout(180_000);

  it('bundles every function into one module that loads and exports its handler', () => {
    for (const name of Object.keys(FUNCTION_SOURCES) as FunctionName[]) {
      const bundle = bundleFunction(name, 'x86_64');
      expect(bundle.handler).to.equal('index.handler');
      expect(bundle.totalBytes, name).to.be.below(UNZIPPED_LIMIT_BYTES);
      // Loaded in a fresh Node, as Lambda would, with nothing but the bundle's own files: a
      // copy outside the repository, where no parent node_modules can stand in for one missing.
      const alone = mkdtempSync(join(tmpdir(), `bundle-${name}-`));
      try {
        cpSync(bundle.dir, alone, { recursive: true });
        expect(inBundle(alone, 'typeof (await import("./index.mjs")).handler'), name).to.equal(
          'function',
        );
      } finally {
        rmSync(alone, { recursive: true, force: true });
      }
    }
  });

  it('ships the locked sharp for linux-x64 with the image functions, and it works from there', () => {
    const bundle = bundleFunction('process-image', 'x86_64');
    const result = JSON.parse(
      inBundle(
        bundle.dir,
        `(async () => {
          const require = (await import('node:module')).createRequire(process.cwd() + '/index.mjs');
          const sharp = require('sharp');
          const { info } = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } })
            .webp().toBuffer({ resolveWithObject: true });
          return JSON.stringify({ resolved: require.resolve('sharp'), format: info.format, width: info.width });
        })()`,
      ),
    ) as { resolved: string; format: string; width: number };
    expect(result.resolved.startsWith(join(bundle.dir, 'node_modules'))).to.equal(true);
    expect(result).to.include({ format: 'webp', width: 8 });
    expect(bundle.totalBytes - bundle.codeBytes).to.be.above(5 * 1024 * 1024);
  });

  it('installs the arm64 binary, not the builder’s, for an arm64 image function', () => {
    const bundle = bundleFunction('resize-image', 'arm64');
    const img = readdirSync(join(bundle.dir, 'node_modules', '@img'));
    expect(img).to.include('sharp-linux-arm64');
    expect(img).to.include('sharp-libvips-linux-arm64');
    expect(img.filter((name) => name.includes('x64'))).to.deep.equal([]);
    const version = JSON.parse(
      readFileSync(join(bundle.dir, 'node_modules', 'sharp', 'package.json'), 'utf8'),
    ).version as string;
    expect(version).to.equal(lockedSharpVersion());
  });

  it('ships no node_modules with the functions that do not decode images', () => {
    const bundle = bundleFunction('plan-ingest', 'arm64');
    expect(existsSync(join(bundle.dir, 'node_modules'))).to.equal(false);
    expect(bundle.totalBytes).to.be.below(5 * 1024 * 1024);
  });

  it('refuses a bundle over the limit, naming the function and its size', () => {
    expect(() => bundleFunction('plan-ingest', 'arm64', undefined, undefined, 1024)).to.throw(
      /plan-ingest \(arm64\) is .* unzipped, over Lambda's 1\.0 KB/,
    );
  });
});
