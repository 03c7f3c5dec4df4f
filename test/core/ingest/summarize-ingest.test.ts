// The Summarize step's honesty: what is final and what is not, and failures in words; its
// figures over every batch, from the run's reports and the records written during the run.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import {
  type DuplicateImageRecord,
  type FailedImageRecord,
  ImageRecords,
  type OkImageRecord,
} from '../../../core/images/image-records.ts';
import { rawKey } from '../../../core/images/object-keys.ts';
import { type BatchReport, RunReports } from '../../../core/ingest/run-reports.ts';
import { failureMessage, summarizeIngest } from '../../../core/ingest/summarize-ingest.ts';
import { emptyFindings } from '../../../core/reconcile/reconcile.ts';
import { itemKeys, TABLE } from '../../../core/store/table-schema.ts';
import { imageIdFromSha256 } from '../../../core/vocabulary/identifiers.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';
import { emptyReport } from '../../../scraper/scrape-artist.ts';

const startedAt = '2026-12-01T00:00:00.000Z';
/** When the optimizer wrote a record during the run, and before it. */
const during = '2026-12-01T00:05:00.000Z';
const earlier = '2026-11-30T23:55:00.000Z';

/** An artist's report as a scraper task writes it: done, nothing found unless said. */
const report = (artist: string, fields: Partial<BatchReport> = {}): BatchReport => ({
  ...emptyReport(artist),
  status: 'done',
  ...fields,
});

/** `count` images not kept, each with its own URL and reason. */
const problems = (artist: string, what: string, count: number) =>
  Array.from({ length: count }, (_, k) => ({
    url: `https://${artist}.example/${what}-${k}.jpg`,
    reason: `${what} ${k}`,
  }));

/** Original `n` of an artist; the table lists an artist's records in the order of `n`. */
function original(artist: string, n: number, processedAt: string) {
  const sha256 = n.toString(16).padStart(16, '0').padEnd(64, 'a');
  return {
    artist,
    imageId: imageIdFromSha256(sha256),
    rawKey: rawKey(artist, sha256),
    sha256,
    provenance: { source: 'website' as const, sourceUrl: `https://${artist}.example/${n}.jpg` },
    processedAt,
  };
}

const shown = (artist: string, n: number, processedAt: string): OkImageRecord => ({
  ...original(artist, n, processedAt),
  status: 'ok',
  sourceFormat: 'jpeg',
  width: 1600,
  height: 1200,
  hasAlpha: false,
  variants: [],
  placeholder: 'YJqGPQw7sFlslqhFafSE+Q6oJ1h2iHB2Rw',
  colour: '#336699',
  phash: 'ffff0000ffff0000',
});

const folded = (artist: string, n: number, processedAt: string): DuplicateImageRecord => ({
  ...original(artist, n, processedAt),
  status: 'duplicate',
  duplicateOf: original(artist, 1, processedAt).imageId,
  phash: 'ffff0000ffff0000',
  width: 1600,
  height: 1200,
});

const refusedRecord = (
  artist: string,
  n: number,
  processedAt: string,
  code: string,
  reason: string,
): FailedImageRecord => ({ ...original(artist, n, processedAt), status: 'failed', code, reason });

describe('summarize-ingest', () => {
  let standIns: StandIns;
  let deps: { reports: RunReports; records: ImageRecords };
  const base = {
    runId: 'run-1',
    startedAt,
    batches: [{ status: 'done' as const, artists: ['ana'] }],
  };

  /** Writes an item as it is, as an older writer (or a hand) left it. */
  const putItem = (item: Record<string, unknown>) =>
    standIns.clients.dynamo.send(
      new PutCommand({ TableName: standIns.config.tableName, Item: item }),
    );

  before(async () => {
    standIns = await startStandIns();
    const { dynamo } = standIns.clients;
    deps = {
      reports: new RunReports(dynamo, standIns.config.tableName),
      records: new ImageRecords(dynamo, standIns.config.tableName),
    };
  });
  after(() => standIns.stop());

  it('counts the images the reconciler took off the site, and never a taken-off record as refused', async () => {
    const artist = 'tao';
    const { variants: _variants, ...image } = shown(artist, 1, during);
    await deps.records.putNew({ ...image, status: 'removed', removedAt: during });
    const summary = await summarizeIngest(deps, {
      ...base,
      runId: 'run-taken-off',
      batches: [{ status: 'done', artists: [artist] }],
      reconciled: { findings: { ...emptyFindings(), takenOff: 2 } },
    });
    expect(summary.images).to.deep.equal({
      published: 0,
      folded: 0,
      refused: 0,
      errored: 0,
      takenOff: 2,
    });
    expect(summary.refused).to.deep.equal([]);
  });

  it('counts what the reconciler just redrove as pending where the optimizer runs off its queue', async () => {
    const findings = { ...emptyFindings(), redriven: 2, pending: 1, deferred: 3 };
    const queued = await summarizeIngest(deps, { ...base, reconciled: { findings } });
    expect(queued).to.deep.include({ pending: 6, final: false });
    const drained = await summarizeIngest(
      { ...deps, optimizerDrained: true },
      { ...base, reconciled: { findings } },
    );
    expect(drained).to.deep.include({ pending: 4, final: false });
    const settled = await summarizeIngest(
      { ...deps, optimizerDrained: true },
      { ...base, reconciled: { findings: { ...emptyFindings(), redriven: 2 } } },
    );
    expect(settled).to.deep.include({ pending: 0, final: true });
  });

  it('says nothing is known to be final when the reconcile step failed, in words without a stack', async () => {
    const cause = JSON.stringify({
      errorType: 'AccessDenied',
      errorMessage: 'not allowed to list the raw bucket',
      trace: ['AccessDenied: not allowed', '    at listObjects (/var/task/index.mjs:1:2)'],
    });
    const summary = await summarizeIngest(deps, {
      ...base,
      reconciled: { Error: 'AccessDenied', Cause: cause },
    });
    expect(summary).to.deep.include({
      pending: null,
      final: false,
      reconciled: { error: 'AccessDenied: not allowed to list the raw bucket' },
    });
  });

  it('names a failed scraper task by the reason ECS gives', async () => {
    const summary = await summarizeIngest(deps, {
      ...base,
      batches: [
        {
          status: 'failed',
          artists: ['bo'],
          error: {
            Error: 'States.TaskFailed',
            Cause: JSON.stringify({
              StoppedReason: 'Essential container in task exited',
              Containers: [],
            }),
          },
        },
      ],
      reconciled: { findings: emptyFindings() },
    });
    expect(summary.failed).to.deep.equal([
      { artist: 'bo', reason: 'Essential container in task exited' },
    ]);
  });

  it('leaves the figures unknown to be final when there was no reconcile step', async () => {
    const summary = await summarizeIngest(deps, base);
    expect(summary).to.deep.include({ pending: null, final: false, reconciled: undefined });
  });

  it("sums the scraper's figures over every artist of every batch, and the optimizer's over the records written since the run started", async () => {
    const reports = [
      report('al-ink', {
        stored: 3,
        duplicates: 1,
        refused: 2,
        refusedImages: problems('al-ink', 'refused', 2),
        errored: 1,
        errors: problems('al-ink', 'error', 1),
      }),
      report('bea-dots', { stored: 5 }),
      report('cas-fine', {
        duplicates: 4,
        refused: 1,
        refusedImages: problems('cas-fine', 'refused', 1),
        errored: 2,
        errors: problems('cas-fine', 'error', 2),
      }),
    ];
    for (const each of reports) await deps.reports.put('run-totals', each);
    // During the run (from its very start) al-ink had two images shown, one folded and one
    // refused; what the optimizer wrote before, or at a time that does not read, is not the run's.
    await deps.records.putNew(shown('al-ink', 1, during));
    await deps.records.putNew(shown('al-ink', 2, startedAt));
    await deps.records.putNew(folded('al-ink', 3, during));
    await deps.records.putNew(refusedRecord('al-ink', 4, during, 'unsupported-format', 'An SVG'));
    await deps.records.putNew(shown('al-ink', 5, earlier));
    await deps.records.putNew(refusedRecord('al-ink', 6, earlier, 'file-too-large', 'Too big'));
    await deps.records.putNew(folded('al-ink', 7, 'yesterday'));
    // Refused records written before reasons (then codes) were kept, one without provenance,
    // one with no source URL: named by their code, else as refused, at their raw key. A record
    // that does not read is left out.
    const { provenance: _, ...unsourced } = original('cas-fine', 1, during);
    const olderRecords = [
      { ...unsourced, status: 'failed', code: 'unsupported-format' },
      { ...original('cas-fine', 2, during), provenance: { source: 'upload' }, status: 'failed' },
      { ...original('cas-fine', 3, during), status: 'weird' },
    ];
    for (const item of olderRecords)
      await putItem({
        [TABLE.partitionKey]: itemKeys.artistPk(item.artist),
        [TABLE.sortKey]: itemKeys.imageSk(item.imageId),
        type: 'image',
        ...item,
      });

    const summary = await summarizeIngest(deps, {
      runId: 'run-totals',
      startedAt,
      batches: [
        { status: 'done', artists: ['al-ink', 'bea-dots'] },
        { status: 'done', artists: ['cas-fine'] },
      ],
      reconciled: { findings: emptyFindings() },
    });
    const total = (field: 'stored' | 'duplicates' | 'refused' | 'errored') =>
      reports.reduce((sum, each) => sum + each[field], 0);
    expect(summary.originals).to.deep.equal({
      stored: total('stored'),
      known: total('duplicates'),
      refused: total('refused'),
      errored: total('errored'),
    });
    // The optimizer's errors are not in its records: only the local runner knows them.
    expect(summary.images).to.deep.equal({
      published: 2,
      folded: 1,
      refused: 3,
      errored: 0,
      takenOff: 0,
    });
    const byScraper = (artist: string, count: number) =>
      problems(artist, 'refused', count).map((image) => ({ artist, ...image, by: 'scraper' }));
    expect(summary.refused).to.deep.equal([
      ...byScraper('al-ink', 2),
      { artist: 'al-ink', url: 'https://al-ink.example/4.jpg', reason: 'An SVG', by: 'optimizer' },
      ...byScraper('cas-fine', 1),
      ...olderRecords.slice(0, 2).map((item, k) => ({
        artist: 'cas-fine',
        url: item.rawKey,
        reason: ['unsupported-format', 'refused'][k],
        by: 'optimizer',
      })),
    ]);
    expect(summary.errors).to.deep.equal(
      reports.flatMap((each) => each.errors.map((error) => ({ artist: each.artist, ...error }))),
    );
    expect(summary).to.deep.include({
      runId: 'run-totals',
      artists: { done: 3, failed: 0 },
      failed: [],
      pending: 0,
      final: true,
    });
  });

  it("counts each artist by their own report: a failure by its first error, else the batch's, else the task's", async () => {
    const timedOut = 'The task did not finish within 3600 seconds';
    await deps.reports.put('run-failed', report('dee-retried'));
    await deps.reports.put('run-failed', report('eli-empty', { status: 'failed' }));
    await deps.reports.put('run-failed', report('hana-quiet', { status: 'failed' }));
    await deps.reports.put(
      'run-failed',
      report('fay-down', {
        status: 'failed',
        errors: [
          { url: 'https://fay-down.example/', reason: 'The server answered 500' },
          { url: 'https://fay-down.example/work/', reason: 'The server answered 502' },
        ],
      }),
    );
    const summary = await summarizeIngest(deps, {
      runId: 'run-failed',
      startedAt,
      batches: [
        // A batch that failed after its retry reported one artist done.
        {
          status: 'failed',
          artists: ['dee-retried', 'eli-empty'],
          error: { Error: 'States.Timeout', Cause: timedOut },
        },
        // gus-silent's task wrote no report; hana-quiet's says failed, with no error.
        { status: 'done', artists: ['fay-down', 'gus-silent', 'hana-quiet'] },
      ],
    });
    expect(summary.artists).to.deep.equal({ done: 1, failed: 4 });
    expect(summary.failed).to.deep.equal([
      { artist: 'eli-empty', reason: timedOut },
      { artist: 'fay-down', reason: 'The server answered 500' },
      { artist: 'gus-silent', reason: 'the scraper task failed' },
      { artist: 'hana-quiet', reason: 'the scraper task failed' },
    ]);
    expect(summary.errors.map((error) => error.reason)).to.deep.equal([
      'The server answered 500',
      'The server answered 502',
    ]);
  });

  it("reads an older report with its defaults, and leaves out a malformed one, another run's and an artist not in the batches", async () => {
    // Written before refused and errored images were counted.
    const older = { stored: 2, duplicates: 1, refused: 1, robotsBlocked: 0 };
    const runItem = (runId: string, artist: string, fields: Record<string, unknown>) =>
      putItem({
        [TABLE.partitionKey]: itemKeys.runPk(runId),
        [TABLE.sortKey]: itemKeys.artistPk(artist),
        type: 'run-report',
        artist,
        ...fields,
      });
    await runItem('run-older', 'ivo-old', {
      status: 'done',
      pages: 1,
      found: 4,
      errors: [],
      ...older,
    });
    await runItem('run-older', 'jun-broken', { status: 'maybe', stored: 9 });
    await deps.reports.put('run-older', report('kit-elsewhere', { stored: 7 }));
    await deps.reports.put('run-other', report('ivo-old', { stored: 11, errored: 3 }));
    const summary = await summarizeIngest(deps, {
      runId: 'run-older',
      startedAt,
      batches: [{ status: 'done', artists: ['ivo-old', 'jun-broken'] }],
      reconciled: { findings: emptyFindings() },
    });
    expect(summary.originals).to.deep.equal({
      stored: older.stored,
      known: older.duplicates,
      refused: older.refused,
      errored: 0,
    });
    expect(summary).to.deep.include({
      artists: { done: 1, failed: 1 },
      failed: [{ artist: 'jun-broken', reason: 'the scraper task failed' }],
      refused: [],
      errors: [],
    });
  });

  it('names the first 50 refused images and errors, in batch order, and keeps the counts exact', async () => {
    const artists = ['lea-one', 'max-two', 'nia-three'];
    for (const artist of artists)
      await deps.reports.put(
        'run-many',
        report(artist, {
          refused: 30,
          refusedImages: problems(artist, 'refused', 20),
          errored: 25,
          errors: problems(artist, 'error', 20),
        }),
      );
    await deps.records.putNew(refusedRecord('lea-one', 1, during, 'file-too-large', 'Over 40 MB'));
    const summary = await summarizeIngest(deps, {
      runId: 'run-many',
      startedAt,
      batches: [
        { status: 'done', artists: artists.slice(0, 2) },
        { status: 'done', artists: artists.slice(2) },
      ],
    });
    const byScraper = (artist: string) =>
      problems(artist, 'refused', 20).map((image) => ({ artist, ...image, by: 'scraper' }));
    expect(summary.refused).to.deep.equal(
      [
        ...byScraper('lea-one'),
        {
          artist: 'lea-one',
          url: 'https://lea-one.example/1.jpg',
          reason: 'Over 40 MB',
          by: 'optimizer',
        },
        ...byScraper('max-two'),
        ...byScraper('nia-three'),
      ].slice(0, 50),
    );
    expect(summary.errors).to.deep.equal(
      artists
        .flatMap((artist) => problems(artist, 'error', 20).map((error) => ({ artist, ...error })))
        .slice(0, 50),
    );
    expect(summary.originals).to.deep.include({ refused: 3 * 30, errored: 3 * 25 });
    expect(summary.images.refused).to.equal(1);
  });
});

describe('failureMessage', () => {
  const fallback = 'the step failed';

  it("says a Lambda's error by its type and message, and an ECS task's by its stopped reason", () => {
    const lambda = { errorType: 'TypeError', errorMessage: 'x is undefined', stackTrace: ['at f'] };
    expect(
      failureMessage({ Error: 'TypeError', Cause: JSON.stringify(lambda) }, fallback),
    ).to.equal('TypeError: x is undefined');
    const { errorType: _, ...untyped } = lambda;
    expect(failureMessage({ Cause: JSON.stringify(untyped) }, fallback)).to.equal('x is undefined');
    const ecs = { StoppedReason: 'OutOfMemoryError: Container killed', Containers: [] };
    expect(failureMessage({ Cause: JSON.stringify(ecs) }, fallback)).to.equal(ecs.StoppedReason);
  });

  it("takes a Cause in words, cut at 500 characters; else the error's name; else the fallback", () => {
    const words = `The scraper gave up: ${'every page timed out, '.repeat(30)}`;
    expect(words.length).to.be.above(500);
    expect(failureMessage({ Error: 'States.TaskFailed', Cause: words }, fallback)).to.equal(
      words.slice(0, 500),
    );
    const silent = JSON.stringify({ Containers: [] });
    expect(failureMessage({ Error: 'States.Timeout', Cause: silent }, fallback)).to.equal(
      'States.Timeout',
    );
    expect(failureMessage({ Error: 'States.Timeout' }, fallback)).to.equal('States.Timeout');
    expect(failureMessage({ Cause: silent }, fallback)).to.equal(fallback);
    expect(failureMessage({}, fallback)).to.equal(fallback);
  });
});
