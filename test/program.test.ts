// The whole Pulumi program (index.ts) under mocks, as an update: both accounts, their providers,
// the backup between them and the stack's outputs. Each side in detail: test/program/; the policy
// pack over it: test/policy/; as a first preview: program-preview.test.ts.
import * as pulumi from '@pulumi/pulumi';
import { expect } from 'chai';
import { InfrastructureAccount } from '../components/infrastructure-account.ts';
import { readStackConfig } from '../components/stack-config.ts';
import {
  ARCHIVE_ACCOUNT,
  completed,
  fakeSiteBuild,
  json,
  STACK_CONFIG,
  useProgramMocks,
} from './support/program-run.ts';
import { named, ofType, promiseOf, recorded } from './support/pulumi-mocks.ts';

describe('The Pulumi program (index.ts, under mocks)', function () {
  // The first run bundles the functions and installs sharp for linux-x64 from npm's cache.
  this.timeout(180_000);
  const site = fakeSiteBuild();
  let program: typeof import('../index.ts');

  before(async () => {
    await useProgramMocks(site.dir);
    // index.ts itself, as `pulumi up` runs it (a module runs once per process: only here).
    program = await completed(() => import('../index.ts'));
  });

  after(() => site.remove());

  it('exports what an operator needs', async () => {
    expect(await promiseOf(program.siteUrl)).to.equal('https://tattoo.example');
    expect(await promiseOf(program.apiUrl)).to.match(/^https:\/\/.+\.execute-api\./);
    expect(await promiseOf(program.rawBucket)).to.equal('portfolio-prod-raw-mock');
    expect(await promiseOf(program.optimizedBucket)).to.equal('portfolio-prod-optimized-mock');
    expect(await promiseOf(program.tableName)).to.equal('portfolio-prod-portfolio');
    expect(await promiseOf(program.backupBucket)).to.equal('portfolio-prod-backup-mock');
    // The backfill hands images to the optimizer's queue.
    expect(await promiseOf(program.optimizerQueueUrl)).to.match(
      /^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com\/\d{12}\/infrastructure-pipeline-queue/,
    );
    const bundles = await promiseOf(pulumi.output(program.functionBundles));
    expect(bundles.map((b) => `${b.name}/${b.architecture}`).sort()).to.deep.equal([
      'artist-api/arm64',
      'plan-ingest/arm64',
      'process-image/x86_64',
      'reconcile/arm64',
      'resize-image/x86_64',
      'summarize-ingest/arm64',
    ]);
  });

  it('puts the backup in the log archive account through its own provider, with the retention from config', () => {
    const provider = named('pulumi:providers:aws', 'log-archive');
    expect(provider.inputs.region).to.equal('eu-west-1');
    expect(json(provider.inputs.assumeRoles)[0] ?? provider.inputs.assumeRoles).to.satisfy(
      (roles: unknown) =>
        JSON.stringify(roles).includes(STACK_CONFIG['portfolio:logArchiveRoleArn']),
    );
    for (const resource of recorded.filter((r) => r.name.startsWith('log-archive-'))) {
      expect(resource.provider, resource.name).to.match(/::log-archive::/);
    }
    const lock = named(
      'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration',
      'log-archive-backup-lock',
    );
    expect(lock.inputs.rule).to.deep.equal({ defaultRetention: { mode: 'COMPLIANCE', days: 45 } });
  });

  it('puts every resource of the infrastructure account on its own provider, in the stack region', () => {
    const provider = named('pulumi:providers:aws', 'infrastructure');
    expect(provider.inputs.region).to.equal(STACK_CONFIG['aws:region']);
    const resources = recorded.filter(
      (r) => r.type.startsWith('aws:') && r.name.startsWith('infrastructure'),
    );
    expect(resources.length).to.be.above(60);
    for (const resource of resources) {
      // The edge firewall's web ACL: CloudFront takes it from us-east-1 only.
      expect(resource.provider, resource.name).to.match(/::infrastructure(-us-east-1)?::/);
    }
  });

  it('refuses to build the infrastructure account without its own provider', () => {
    expect(() => new InfrastructureAccount('elsewhere', { config: readStackConfig() })).to.throw(
      /InfrastructureAccount needs opts.provider/,
    );
  });

  it('replicates raw and optimized into the backup bucket with the role the archive trusts', () => {
    const backup = named('aws:s3/bucket:Bucket', 'log-archive-backup');
    const role = named('aws:iam/role:Role', 'infrastructure-backup-replication-role');
    expect(role.inputs.name).to.equal('portfolio-prod-replication');
    const configs = ofType(
      'aws:s3/bucketReplicationConfig:BucketReplicationConfig',
      'infrastructure-replication',
    );
    expect(configs.map((c) => c.inputs.bucket).sort()).to.deep.equal([
      'portfolio-prod-optimized-mock',
      'portfolio-prod-raw-mock',
    ]);
    for (const config of configs) {
      expect(config.provider).to.match(/::infrastructure::/);
      const [rule] = config.inputs.rules as {
        destination: Record<string, unknown>;
        deleteMarkerReplication: unknown;
      }[];
      expect(rule?.destination).to.deep.include({
        bucket: backup.state.arn,
        account: ARCHIVE_ACCOUNT,
        accessControlTranslation: { owner: 'Destination' },
      });
      // A takedown reaches the backup as delete markers, which its lifecycle expires.
      expect(rule?.deleteMarkerReplication).to.deep.equal({ status: 'Enabled' });
    }
  });

  it('names every resource after the account component it belongs to', () => {
    const topLevel = recorded.filter((r) => !r.type.startsWith('pulumi:'));
    for (const resource of topLevel) {
      expect(resource.name, resource.type).to.match(/^(infrastructure|log-archive)(-|$)/);
    }
    expect(topLevel.length).to.be.above(60);
  });
});
