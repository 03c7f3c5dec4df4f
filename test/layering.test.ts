// The layering rules (.dependency-cruiser.cjs), run by `npm test` over the tree, shown to fail:
// the same config and the same depcruise command over small trees with one wrong import each.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { expect } from 'chai';

const ROOT = resolve(import.meta.dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

/** Runs depcruise with the house's config over a tree of `files`: its exit code and report. */
async function cruise(files: Record<string, string>): Promise<{ code: number; report: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'layering-'));
  try {
    await cp(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'preserve',
          moduleResolution: 'bundler',
          allowImportingTsExtensions: true,
        },
      }),
    );
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const folders = [...new Set(Object.keys(files).map((path) => path.split('/')[0] as string))];
    return await new Promise((done) => {
      execFile(
        DEPCRUISE,
        ['--config', '.dependency-cruiser.cjs', '--no-progress', ...folders],
        { cwd: dir },
        (error, stdout, stderr) =>
          done({ code: error ? Number(error.code ?? 1) : 0, report: `${stdout}${stderr}` }),
      );
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the layering of the house (.dependency-cruiser.cjs)', function () {
  this.timeout(60_000);

  it('lets a layer import the layers below it', async () => {
    const { code, report } = await cruise({
      'core/vocabulary/names.ts': 'export const NAME = 1;\n',
      'core/images/ladder.ts':
        "import { NAME } from '../vocabulary/names.ts';\nexport const W = NAME;\n",
      'functions/a/handler.ts':
        "import { W } from '../../core/images/ladder.ts';\nexport const X = W;\n",
    });
    expect(report).to.match(/no dependency violations found/);
    expect(code).to.equal(0);
  });

  it('fails on an upward import inside core/', async () => {
    const { code, report } = await cruise({
      'core/vocabulary/names.ts':
        "import { W } from '../images/ladder.ts';\nexport const NAME = W;\n",
      'core/images/ladder.ts': 'export const W = 1;\n',
      'functions/a/handler.ts':
        "import { NAME } from '../../core/vocabulary/names.ts';\nexport const X = NAME;\n",
    });
    expect(code).to.not.equal(0);
    expect(report).to.include(
      'error core-vocabulary-layer: core/vocabulary/names.ts → core/images/ladder.ts',
    );
  });

  it('fails on an import between folders of one layer', async () => {
    const { code, report } = await cruise({
      'core/images/ladder.ts': "import { S } from '../sources/syncs.ts';\nexport const W = S;\n",
      'core/sources/syncs.ts': 'export const S = 1;\n',
      'functions/a/handler.ts':
        "import { W } from '../../core/images/ladder.ts';\nexport const X = W;\n",
    });
    expect(code).to.not.equal(0);
    expect(report).to.include(
      'error core-images-layer: core/images/ladder.ts → core/sources/syncs.ts',
    );
  });

  it('fails when core/ imports a part of the system, or a Lambda imports the scraper', async () => {
    const { code, report } = await cruise({
      'core/images/ladder.ts':
        "import { R } from '../../functions/a/rules.ts';\nexport const W = R;\n",
      'functions/a/rules.ts': 'export const R = 1;\n',
      'functions/a/handler.ts':
        "import { W } from '../../core/images/ladder.ts';\nimport { F } from '../../scraper/find.ts';\nexport const X = W + F;\n",
      'scraper/find.ts': 'export const F = 1;\n',
      'scraper/main.ts': "import { F } from './find.ts';\nexport const M = F;\n",
    });
    expect(code).to.not.equal(0);
    expect(report).to.include(
      'error core-stays-inside: core/images/ladder.ts → functions/a/rules.ts',
    );
    expect(report).to.include('error functions-imports: functions/a/handler.ts → scraper/find.ts');
  });

  it('fails on a cycle and on a module nothing imports', async () => {
    const { code, report } = await cruise({
      'core/images/a.ts': "import { B } from './b.ts';\nexport const A = B;\n",
      'core/images/b.ts': "import { A } from './a.ts';\nexport const B = A;\n",
      'core/images/unused.ts': 'export const U = 1;\n',
      'functions/a/handler.ts':
        "import { A } from '../../core/images/a.ts';\nexport const X = A;\n",
    });
    expect(code).to.not.equal(0);
    expect(report).to.match(/error no-circular: core\/images\/(a|b)\.ts → /);
    expect(report).to.include('error no-orphans: core/images/unused.ts');
  });
});
