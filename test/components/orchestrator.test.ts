import { createRequire } from 'node:module';
import { expect } from 'chai';
import { ingestDefinition } from '../../core/ingest/ingest-state-machine.ts';
import { ofType, promiseOf, settled, useMocks } from '../support/pulumi-mocks.ts';

const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: object) => {
  isValid: boolean;
  errorsText: () => string;
};

describe('Orchestrator component (Pulumi, under mocks)', () => {
  const args = {
    planFunctionArn: 'arn:aws:lambda:eu-central-1:111111111111:function:plan-ingest',
    reconcileFunctionArn: 'arn:aws:lambda:eu-central-1:111111111111:function:reconcile',
    summarizeFunctionArn: 'arn:aws:lambda:eu-central-1:111111111111:function:summarize-ingest',
    scraper: {
      clusterArn: 'arn:aws:ecs:eu-central-1:111111111111:cluster/portfolio',
      taskDefinitionArn: 'arn:aws:ecs:eu-central-1:111111111111:task-definition/scraper:3',
      containerName: 'scraper',
      subnetIds: ['subnet-1', 'subnet-2'],
      securityGroupIds: ['sg-1'],
      assignPublicIp: false,
      taskRoleArn: 'arn:aws:iam::111111111111:role/scraper-task',
      executionRoleArn: 'arn:aws:iam::111111111111:role/scraper-execution',
    },
    batchSize: 5,
    maxConcurrency: 3,
    retry: { maxAttempts: 3, intervalSeconds: 30, backoffRate: 2, maxDelaySeconds: 600 },
    schedule: 'cron(0 4 * * ? *)',
    scheduleTimezone: 'Europe/Berlin',
  };
  let definition: string;

  before(async () => {
    await useMocks();
    const { Orchestrator } = await import('../../components/orchestrator.ts');
    const orchestrator = new Orchestrator('orchestrator', args);
    definition = await promiseOf(orchestrator.definition);
    await settled();
  });

  it('deploys exactly the shared definition, which is valid ASL', () => {
    const { taskRoleArn: _t, executionRoleArn: _e, ...scraper } = args.scraper;
    expect(JSON.parse(definition)).to.deep.equal(ingestDefinition({ ...args, scraper }));
    const result = aslValidator(JSON.parse(definition));
    expect(result.isValid, result.errorsText()).to.equal(true);
    const [machine] = ofType('aws:sfn/stateMachine:StateMachine', 'orchestrator');
    expect(machine?.inputs).to.include({ definition, type: 'STANDARD' });
  });

  it('gives the state machine only what its steps need', async () => {
    // The policy waits on the region and account lookups: give its registration a moment.
    for (
      let i = 0;
      i < 100 && ofType('aws:iam/rolePolicy:RolePolicy', 'orchestrator-role').length === 0;
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [policy] = ofType('aws:iam/rolePolicy:RolePolicy', 'orchestrator-role');
    const statements = JSON.parse(policy?.inputs.policy as string).Statement as {
      Sid: string;
      Action: string | string[];
      Resource: unknown;
    }[];
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid.InvokeSteps?.Resource).to.deep.equal([
      args.planFunctionArn,
      args.reconcileFunctionArn,
      args.summarizeFunctionArn,
    ]);
    expect(bySid.RunScraper?.Resource).to.equal(args.scraper.taskDefinitionArn);
    expect(bySid.PassTaskRoles?.Resource).to.deep.equal([
      args.scraper.taskRoleArn,
      args.scraper.executionRoleArn,
    ]);
    expect(bySid.SyncRule?.Resource).to.equal(
      'arn:aws:events:eu-central-1:222222222222:rule/StepFunctionsGetEventsForECSTaskRule',
    );
    for (const statement of statements) {
      expect([statement.Action].flat(), statement.Sid).not.to.include('*');
    }
  });

  it('starts the run on the schedule, for every active artist', () => {
    const [schedule] = ofType('aws:scheduler/schedule:Schedule', 'orchestrator');
    if (!schedule) throw new Error('no schedule registered');
    expect(schedule.inputs).to.deep.include({
      scheduleExpression: 'cron(0 4 * * ? *)',
      scheduleExpressionTimezone: 'Europe/Berlin',
    });
    expect(JSON.parse((schedule.inputs.target as { input: string }).input)).to.deep.equal({
      artists: [],
    });
  });
});
