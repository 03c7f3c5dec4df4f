// The whole program (components/portfolio.ts) under mocks, with the stack configuration the
// program tests share: as an update (every output known) or as a first preview (nothing
// created yet, so ids, ARNs and generated names unknown).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { bundleFunction } from '../../components/function-bundle.ts';
import { portfolio } from '../../components/portfolio.ts';
import { readStackConfig } from '../../components/stack-config.ts';
import {
  MOCK_ACCOUNT,
  MOCK_REGION,
  type RecordedResource,
  recorded,
  settled,
  useMocks,
} from './pulumi-mocks.ts';

export const ARCHIVE_ACCOUNT = '111111111111';

/** A JSON document a resource holds as a string (a policy, a redrive policy). */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary provider documents
export const json = (value: unknown): any => JSON.parse(value as string);

/** A production stack's configuration, every optional part switched on. */
export const STACK_CONFIG = {
  'aws:region': MOCK_REGION,
  'portfolio:namePrefix': 'portfolio-prod',
  'portfolio:logArchiveRoleArn': `arn:aws:iam::${ARCHIVE_ACCOUNT}:role/portfolio-log-archive-deployer`,
  'portfolio:backupRegion': 'eu-west-1',
  'portfolio:backupRetentionDays': '45',
  'portfolio:domain': 'tattoo.example',
  'portfolio:certificateArn': `arn:aws:acm:us-east-1:${MOCK_ACCOUNT}:certificate/abc`,
  'portfolio:alarmEmail': 'oncall@tattoo.example',
  'portfolio:resizeReservedConcurrency': '12',
  'portfolio:scraperCpu': '2048',
  'portfolio:scraperMemoryMb': '4096',
  'portfolio:instagramGraphUserId': '17841400000000000',
  'portfolio:instagramGraphTokenParameter': '/portfolio/instagram-graph-token',
};

/** A site build as Astro leaves it: pages and a hashed asset. */
export function fakeSiteBuild(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'site-build-'));
  mkdirSync(join(dir, '_astro'));
  mkdirSync(join(dir, 'artists'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Directory</title>');
  writeFileSync(join(dir, 'artists', 'index.html'), '<!doctype html><title>Artist</title>');
  writeFileSync(join(dir, '_astro', 'gallery.Ab12Cd.js'), 'export {}');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Installs the mocks and the stack configuration (with `siteDir`). */
export async function useProgramMocks(siteDir: string, { preview = false } = {}): Promise<void> {
  await useMocks({ preview });
  pulumi.runtime.setAllConfig({ ...STACK_CONFIG, 'portfolio:siteDir': siteDir });
}

// Bundling is the slow part of a run, and its result does not depend on the mocks.
const bundles = new Map<string, ReturnType<typeof bundleFunction>>();
const bundleOnce: typeof bundleFunction = (name, architecture) => {
  const key = `${name}/${architecture}`;
  const made = bundles.get(key) ?? bundleFunction(name, architecture);
  bundles.set(key, made);
  return made;
};

export interface ProgramRun {
  outputs: ReturnType<typeof portfolio>;
  /** What the run registered, in order. */
  resources: RecordedResource[];
}

/**
 * Runs `program` and waits until every registration it started is answered.
 * @throws {Error} when the program fails as `pulumi` would report it: an exception, or a
 *   rejection nobody handled (an `apply` that threw, a registration that failed).
 */
export async function completed<T>(program: () => T | Promise<T>): Promise<T> {
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on('unhandledRejection', onRejection);
  try {
    const result = await program();
    await settled();
    // A rejection is reported once the microtasks that could still handle it have run.
    await new Promise((resolve) => setImmediate(resolve));
    if (failures.length > 0) {
      const messages = new Set(failures.map((f) => (f instanceof Error ? f.message : String(f))));
      throw new Error(`The program failed: ${[...messages].join('; ')}`);
    }
    return result;
  } finally {
    process.off('unhandledRejection', onRejection);
  }
}

/** Runs the program once under fresh mocks, as an update or as a first preview. */
export async function runProgram({ preview = false } = {}): Promise<ProgramRun> {
  const site = fakeSiteBuild();
  try {
    await useProgramMocks(site.dir, { preview });
    const outputs = await completed(() =>
      portfolio(readStackConfig(), { region: MOCK_REGION, bundle: bundleOnce }),
    );
    return { outputs, resources: [...recorded] };
  } finally {
    site.remove();
  }
}
