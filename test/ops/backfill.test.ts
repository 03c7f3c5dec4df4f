// `npm run backfill`: images stored before AVIF was precomputed get their AVIF rungs, locally
// (through the local optimizer, waiting for it) and on the deployed stack (through its queue).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { ArtistRegistry } from '../../core/artists/artists.ts';
import { ImageRecords, type OkImageRecord } from '../../core/images/image-records.ts';
import { createdKeys } from '../../core/ingest/s3-notifications.ts';
import { startImagePipeline } from '../../local/image-pipeline.ts';
import { type StandIns, startStandIns } from '../../local/stand-ins.ts';
import { corpusFile } from '../support/corpus.ts';
import { makeWebpOnly } from '../support/legacy-ladder.ts';
import { putOriginal } from '../support/originals.ts';
import { startSqsEndpoint } from '../support/sqs-endpoint.ts';

/** A run that succeeded and printed `summary` as its one line of JSON. */
function expectSummary(
  run: { code: number | null; stdout: string; stderr: string },
  summary: Record<string, number>,
): void {
  expect(run.code, run.stderr).to.equal(0);
  expect(JSON.parse(run.stdout)).to.deep.equal(summary);
}

const exec = promisify(execFile);

async function backfill(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      ['--import', 'tsx', 'ops/backfill-cli.ts', ...args],
      { env: { ...process.env, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

/** Two artists; each of the first's two images, and one of the second's, WebP only. */
async function seed(standIns: StandIns): Promise<{ legacy: string[]; complete: string }> {
  const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
  for (const slug of ['fay-flash', 'gus-grey']) {
    await registry.add({ slug, name: slug, websites: [], active: false });
  }
  const pipeline = startImagePipeline(standIns);
  try {
    const a = await putOriginal(standIns, 'fay-flash', corpusFile('swiss.png'));
    const b = await putOriginal(standIns, 'fay-flash', corpusFile('concert.jpg'));
    const c = await putOriginal(standIns, 'gus-grey', corpusFile('4.webp'));
    const d = await putOriginal(standIns, 'gus-grey', corpusFile('Landscape_3.jpg'));
    await pipeline.drained();
    await makeWebpOnly(standIns, 'fay-flash', a.imageId);
    await makeWebpOnly(standIns, 'fay-flash', b.imageId);
    await makeWebpOnly(standIns, 'gus-grey', c.imageId);
    return { legacy: [a.key, b.key, c.key], complete: d.key };
  } finally {
    pipeline.stop();
  }
}

async function formatsOf(standIns: StandIns, slug: string): Promise<string[][]> {
  const records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
  const states = await records.listStates(slug, () => {}, { variants: true });
  return Promise.all(
    states.map(async (state) => {
      const record = (await records.get(slug, state.imageId)) as OkImageRecord;
      return [...new Set(record.variants.map((v) => v.format))].sort();
    }),
  );
}

describe('npm run backfill', function () {
  this.timeout(180_000);

  it('completes every WebP-only image locally, with progress; a second run finds nothing to do', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'backfill-'));
    try {
      const standIns = await startStandIns({ dataDir });
      try {
        await seed(standIns);
        expect(await formatsOf(standIns, 'fay-flash')).to.deep.equal([['webp'], ['webp']]);
      } finally {
        await standIns.stop();
      }

      const first = await backfill([], { DATA_DIR: dataDir });
      expectSummary(first, { artists: 2, sent: 3, completed: 3, remaining: 0 });
      expect(first.stderr).to.include('fay-flash: 2 images to complete');
      expect(first.stderr).to.include('gus-grey: 1 images to complete');
      expect(first.stderr).to.include('Completed 3/3');

      const again = await backfill(['--artist', 'fay-flash'], { DATA_DIR: dataDir });
      expectSummary(again, { artists: 1, sent: 0, completed: 0, remaining: 0 });

      const reopened = await startStandIns({ dataDir });
      try {
        for (const slug of ['fay-flash', 'gus-grey']) {
          for (const formats of await formatsOf(reopened, slug)) {
            expect(formats, slug).to.deep.equal(['avif', 'webp']);
          }
        }
      } finally {
        await reopened.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('with --aws, hands only the incomplete images to the optimizer queue named by the environment', async () => {
    const standIns = await startStandIns();
    const sqs = await startSqsEndpoint();
    try {
      const { legacy } = await seed(standIns);
      const env = {
        ...standIns.env,
        OPTIMIZER_QUEUE_URL: sqs.queueUrl,
        SQS_ENDPOINT: sqs.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      };
      const result = await backfill(['--aws'], env);
      expectSummary(result, { artists: 2, sent: 3 });
      expect(result.stderr).to.include("Handed 3 images of 2 artists to the optimizer's queue");
      const keys = sqs.sent.flatMap((batch) =>
        batch.body.Entries.flatMap((entry) => createdKeys(entry.MessageBody)),
      );
      expect(keys.sort()).to.deep.equal([...legacy].sort());
      expect(sqs.sent.every((batch) => batch.body.QueueUrl === sqs.queueUrl)).to.equal(true);

      const misconfigured = await backfill(['--aws'], { ...env, OPTIMIZER_QUEUE_URL: '' });
      expect(misconfigured.code).to.equal(2);
      expect(misconfigured.stderr).to.include('OPTIMIZER_QUEUE_URL');
      expect(misconfigured.stderr).not.to.include('    at ');
    } finally {
      await sqs.close();
      await standIns.stop();
    }
  });

  it('says how to use it', async () => {
    const result = await backfill(['--bogus'], {});
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include('Usage: npm run backfill -- [--artist <slug>]... [--aws]');
  });
});
