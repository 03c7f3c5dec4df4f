// The policy pack (policy/rules.ts) over the program's resource graph: it passes, and each rule
// fails the one resource broken for it (and no other rule does).
import { expect } from 'chai';
import { POLICIES } from '../../policy/rules.ts';
import { asPolicyResource, violationsOf } from '../support/policy-graph.ts';
import { type ProgramRun, runProgram } from '../support/program-run.ts';

/** Breaks a resource by taking every Condition out of the policy document in `property`. */
// biome-ignore lint/suspicious/noExplicitAny: a test breaks arbitrary provider properties
const withoutConditions = (property: string) => (p: Record<string, any>) => {
  const document = JSON.parse(p[property] as string);
  for (const statement of document.Statement) delete statement.Condition;
  p[property] = JSON.stringify(document);
};
// biome-ignore lint/suspicious/noExplicitAny: a test breaks arbitrary provider properties
type Props = Record<string, any>;

describe('The policy pack over the whole program (under mocks)', function () {
  // A fresh run of the program; bundling the functions is its slow part.
  this.timeout(180_000);
  let run: ProgramRun;
  before(async () => {
    run = await runProgram();
  });
  const graph = () => run.resources.map(asPolicyResource);

  it('passes every rule', async () => {
    expect(await violationsOf(POLICIES, graph())).to.deep.equal([]);
  });

  /** Breaks one resource of the graph and returns what the policies say. */
  async function broken(type: string, name: string, breakIt: (props: Props) => void) {
    const resources = graph();
    const target = resources.find((r) => r.type === type && r.name === name);
    if (!target) throw new Error(`no ${type} ${name}`);
    breakIt(target.props);
    return violationsOf(POLICIES, resources);
  }
  const mutations: [string, string, string, (props: Props) => void][] = [
    [
      'no-public-buckets',
      'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
      'infrastructure-storage-site-public-access',
      (p) => {
        p.restrictPublicBuckets = false;
      },
    ],
    [
      'scoped-trust',
      'aws:iam/role:Role',
      'infrastructure-orchestrator-role',
      withoutConditions('assumeRolePolicy'),
    ],
    [
      'scoped-trust',
      'aws:iam/rolePolicy:RolePolicy',
      'infrastructure-orchestrator-role-policy',
      withoutConditions('policy'),
    ],
    ['scoped-trust', 'aws:kms/key:Key', 'infrastructure-alarms-key', withoutConditions('policy')],
    [
      'encryption-everywhere',
      'aws:sqs/queue:Queue',
      'infrastructure-pipeline-dlq',
      (p) => {
        p.sqsManagedSseEnabled = false;
      },
    ],
    [
      'tls-only-buckets',
      'aws:s3/bucketPolicy:BucketPolicy',
      'infrastructure-storage-raw-policy',
      (p) => {
        p.policy = JSON.stringify({ Statement: [] });
      },
    ],
    [
      'immutable-backup',
      'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration',
      'log-archive-backup-lock',
      (p) => {
        p.rule.defaultRetention.mode = 'GOVERNANCE';
      },
    ],
    [
      'immutable-backup',
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
      'log-archive-backup-encryption',
      (p) => {
        p.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }];
      },
    ],
    [
      'immutable-backup',
      'aws:s3/bucketPolicy:BucketPolicy',
      'log-archive-backup-policy',
      (p) => {
        const policy = JSON.parse(p.policy as string);
        for (const statement of policy.Statement) {
          if (statement.Sid === 'DenyDeletes')
            statement.Action = statement.Action.filter((a: string) => a !== 's3:PutBucketPolicy');
        }
        p.policy = JSON.stringify(policy);
      },
    ],
    [
      'immutable-backup',
      'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
      'log-archive-backup-lifecycle',
      (p) => {
        p.rules = [];
      },
    ],
    [
      'no-wildcard-iam',
      'aws:iam/rolePolicy:RolePolicy',
      'infrastructure-api-artist-api-policy',
      (p) => {
        p.policy = JSON.stringify({
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        });
      },
    ],
    [
      'buckets-encrypted',
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
      'infrastructure-storage-site-encryption',
      (p) => {
        p.rules = [];
      },
    ],
    [
      'lambda-architecture',
      'aws:lambda/function:Function',
      'infrastructure-plan-ingest',
      (p) => {
        delete p.architectures;
      },
    ],
    [
      'lambda-log-retention',
      'aws:cloudwatch/logGroup:LogGroup',
      'infrastructure-summarize-ingest-logs',
      (p) => {
        delete p.retentionInDays;
      },
    ],
    [
      'function-urls-need-iam',
      'aws:lambda/functionUrl:FunctionUrl',
      'infrastructure-cdn-resize-url',
      (p) => {
        p.authorizationType = 'NONE';
      },
    ],
    [
      'cloudfront-tls-and-oac',
      'aws:cloudfront/distribution:Distribution',
      'infrastructure-cdn-distribution',
      (p) => {
        p.viewerCertificate = { cloudfrontDefaultCertificate: true };
      },
    ],
    [
      'cloudfront-tls-and-oac',
      'aws:cloudfront/distribution:Distribution',
      'infrastructure-cdn-distribution',
      (p) => {
        delete p.origins[1].originAccessControlId;
      },
    ],
  ];
  for (const [policy, type, name, breakIt] of mutations) {
    it(`${policy} fails a broken ${name}`, async () => {
      const violations = await broken(type, name, breakIt);
      expect(violations.map((v) => v.policy)).to.deep.equal([policy]);
    });
  }
});
