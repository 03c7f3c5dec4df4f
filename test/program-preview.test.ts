// The whole program as the first `pulumi preview` of a new stack sees it: nothing exists yet, so
// every id, ARN, generated name and computed output is unknown. It must register exactly what an
// update registers, no `apply` may depend on a value it cannot have yet, and the policy pack must
// run over it as the engine runs it then (a rule that reads an unknown is skipped, never crashes).
import * as pulumi from '@pulumi/pulumi';
import { expect } from 'chai';
import { POLICIES } from '../policy/rules.ts';
import { asPolicyResource, violationsOf } from './support/policy-graph.ts';
import { type ProgramRun, runProgram } from './support/program-run.ts';
import type { RecordedResource } from './support/pulumi-mocks.ts';

const names = (run: ProgramRun) =>
  run.resources.map((resource) => `${resource.type}::${resource.name}`).sort();
const find = (run: ProgramRun, type: string, name: string): RecordedResource => {
  const found = run.resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} ${name}`);
  return found;
};
const isKnown = (output: pulumi.Output<unknown>) =>
  (output as unknown as { isKnown: Promise<boolean> }).isKnown;

describe('The Pulumi program as a first preview (under mocks, nothing created yet)', function () {
  this.timeout(180_000);
  let update: ProgramRun;
  let preview: ProgramRun;

  before(async () => {
    update = await runProgram();
    preview = await runProgram({ preview: true });
  });

  it('completes and registers the same resources as an update', () => {
    expect(preview.resources.length).to.be.above(60);
    expect(names(preview)).to.deep.equal(names(update));
  });

  it('leaves unknown what the cloud has not made yet, and so do the outputs built on it', async () => {
    const raw = find(preview, 'aws:s3/bucket:Bucket', 'infrastructure-storage-raw');
    expect(raw.id).to.equal('');
    expect(await isKnown(preview.outputs.rawBucket)).to.equal(false);
    expect(await isKnown(preview.outputs.stateMachineArn)).to.equal(false);
    // What the program computes from an ARN waits for it: the queue's redrive policy names the
    // dead-letter queue's ARN, the replication its destination bucket's.
    const queue = find(preview, 'aws:sqs/queue:Queue', 'infrastructure-pipeline-queue');
    expect(pulumi.isUnknown(queue.inputs.redrivePolicy)).to.equal(true);
    // What the configuration decides is known all the same.
    expect(await isKnown(pulumi.output(preview.outputs.backupRetentionDays))).to.equal(true);
    expect(
      find(
        preview,
        'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration',
        'log-archive-backup-lock',
      ).inputs.rule,
    ).to.deep.equal({ defaultRetention: { mode: 'COMPLIANCE', days: 45 } });
  });

  it('runs the policy pack: no rule fails, a rule that reads an unknown says it cannot run yet', async () => {
    const results = await violationsOf(POLICIES, preview.resources.map(asPolicyResource));
    expect(results.filter((result) => !result.unknown)).to.deep.equal([]);
    expect(results.filter((result) => result.unknown).length).to.be.above(0);
  });

  it('still catches a broken resource whose properties are known in a preview', async () => {
    const graph = preview.resources.map(asPolicyResource);
    // A rule over one resource's own settings runs in a preview; one relating resources by
    // their ids (which bucket a block belongs to) waits for the update.
    const url = graph.find((r) => r.name === 'infrastructure-cdn-resize-url');
    if (!url) throw new Error('no Function URL for the resize function');
    url.props.authorizationType = 'NONE';
    const failed = (await violationsOf(POLICIES, graph)).filter((result) => !result.unknown);
    expect(failed.map((result) => result.policy)).to.deep.equal(['function-urls-need-iam']);
  });
});
