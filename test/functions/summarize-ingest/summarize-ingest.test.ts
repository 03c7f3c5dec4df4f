// The Summarize step's honesty: what is final and what is not, and failures in words.
import { expect } from 'chai';
import { ImageRecords } from '../../../functions/lib/image-records.ts';
import { RunReports } from '../../../functions/lib/run-reports.ts';
import { emptyFindings } from '../../../functions/reconcile/reconcile.ts';
import { summarizeIngest } from '../../../functions/summarize-ingest/summarize-ingest.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';

describe('summarize-ingest', () => {
  let standIns: StandIns;
  let deps: { reports: RunReports; records: ImageRecords };
  const base = {
    runId: 'run-1',
    startedAt: '2026-12-01T00:00:00.000Z',
    batches: [{ status: 'done' as const, artists: ['ana'] }],
  };

  before(async () => {
    standIns = await startStandIns();
    const { dynamo } = standIns.clients;
    deps = {
      reports: new RunReports(dynamo, standIns.config.tableName),
      records: new ImageRecords(dynamo, standIns.config.tableName),
    };
  });
  after(() => standIns.stop());

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
});
