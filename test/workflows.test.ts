// The repository's deployment workflows: what they run, when, and how they reach AWS.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<
    string,
    { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }
  >;
}

const workflow = (file: string) =>
  parse(readFileSync(`.github/workflows/${file}`, 'utf8')) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((job) => job.steps);
const pulumiStep = (w: Workflow) => steps(w).find((s) => s.uses?.startsWith('pulumi/actions@'));

describe('Deployment workflows', () => {
  const scripts = (
    JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;

  for (const [file, trigger, command] of [
    ['pulumi-preview.yml', 'pull_request', 'preview'],
    ['pulumi-up.yml', 'push', 'up'],
  ] as const) {
    it(`${file}: ${command} on ${trigger}, after the tests, with the policy pack, over OIDC`, () => {
      const w = workflow(file);
      expect(w.on).to.have.property(trigger);
      expect(w.permissions['id-token']).to.equal('write');
      const all = steps(w);
      const runs = all.map((s) => s.run ?? '');
      expect(runs).to.include('bash .ci/run');
      for (const run of runs.filter((r) => r.startsWith('npm run '))) {
        expect(scripts, run).to.have.property(run.slice('npm run '.length));
      }
      const credentials = all.find((s) =>
        s.uses?.startsWith('aws-actions/configure-aws-credentials'),
      );
      expect(credentials?.with).to.have.property('role-to-assume');
      expect(JSON.stringify(w)).not.to.match(/aws-access-key-id|aws-secret-access-key/i);
      expect(pulumiStep(w)?.with).to.deep.include({
        command,
        'stack-name': 'prod',
        policyPacks: 'policy',
      });
      // Tests and the site build come before AWS is touched.
      const index = (predicate: (s: (typeof all)[number]) => boolean) => all.findIndex(predicate);
      expect(index((s) => s.run === 'bash .ci/run')).to.be.below(index((s) => s === credentials));
    });
  }
});
