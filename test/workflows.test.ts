// The CI workflows: the pull request's code and tests never run beside an OIDC token that
// could write anything; third-party actions are pinned by commit; deploys stay behind `prod`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Job {
  permissions?: Record<string, string>;
  environment?: string;
  needs?: string | string[];
  steps: Step[];
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const dir = resolve(import.meta.dirname, '../.github/workflows');
const workflows = Object.fromEntries(
  readdirSync(dir)
    .filter((name) => name.endsWith('.yml'))
    .map((name) => [name, parse(readFileSync(join(dir, name), 'utf8')) as Workflow]),
);

describe('CI workflows', () => {
  it('pins every action by a full commit SHA', () => {
    for (const [name, workflow] of Object.entries(workflows)) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) {
          if (step.uses) expect(step.uses, name).to.match(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        }
      }
    }
  });

  it('mints no OIDC token at the workflow level, nor in a job that runs the tests or install scripts', () => {
    for (const [name, workflow] of Object.entries(workflows)) {
      expect(workflow.permissions, name).to.deep.equal({ contents: 'read' });
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        const runs = job.steps.map((step) => step.run ?? '').join('\n');
        if (job.permissions?.['id-token'] === 'write') {
          expect(runs, `${name} ${jobName}`).not.to.include('.ci/run');
          expect(runs, `${name} ${jobName}`).to.include('npm ci --ignore-scripts');
        } else {
          expect(job.permissions, `${name} ${jobName}`).to.deep.equal({ contents: 'read' });
        }
      }
    }
  });

  it('previews with the read-only roles, and deploys only behind the prod environment after the tests', () => {
    const preview = workflows['pulumi-preview.yml']?.jobs.preview;
    const pulumi = preview?.steps.find((step) => step.uses?.startsWith('pulumi/actions@'));
    expect(pulumi?.with?.command).to.equal('preview');
    expect(pulumi?.with?.['config-map']).to.include('portfolio:logArchiveRoleArn');
    expect(pulumi?.with?.['config-map']).to.include('vars.LOG_ARCHIVE_PREVIEW_ROLE_ARN');
    const credentials = preview?.steps.find((step) =>
      step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    );
    expect(credentials?.with?.['role-to-assume']).to.include('AWS_PREVIEW_ROLE_ARN');
    const up = workflows['pulumi-up.yml']?.jobs.up;
    expect(up?.environment).to.equal('prod');
    expect(up?.needs).to.equal('test');
    const deployer = up?.steps.find((step) =>
      step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    );
    expect(deployer?.with?.['role-to-assume']).to.include('AWS_DEPLOY_ROLE_ARN');
  });
});
