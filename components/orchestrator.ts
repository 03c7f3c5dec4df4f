// The orchestrator: the ingest state machine from the shared definition, the role it runs
// with (only what its steps need), and the schedule that starts it.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import {
  type IngestDefinitionArgs,
  ingestDefinition,
} from '../core/ingest/ingest-state-machine.ts';
import { trustPolicy } from './iam.ts';

export interface OrchestratorArgs {
  planFunctionArn: pulumi.Input<string>;
  reconcileFunctionArn: pulumi.Input<string>;
  summarizeFunctionArn: pulumi.Input<string>;
  scraper: {
    clusterArn: pulumi.Input<string>;
    taskDefinitionArn: pulumi.Input<string>;
    containerName: string;
    subnetIds: pulumi.Input<string[]>;
    securityGroupIds: pulumi.Input<string[]>;
    assignPublicIp: boolean;
    /** Roles the task runs with; the state machine passes them to ECS. */
    taskRoleArn: pulumi.Input<string>;
    executionRoleArn: pulumi.Input<string>;
  };
  batchSize: number;
  maxConcurrency: number;
  retry: IngestDefinitionArgs['retry'];
  /** EventBridge Scheduler expression, e.g. `cron(0 4 * * ? *)`. */
  schedule: string;
  scheduleTimezone: string;
}

export class Orchestrator extends pulumi.ComponentResource {
  /** The ingest state machine. */
  public readonly stateMachine: aws.sfn.StateMachine;
  /** Its definition as deployed, for review in `pulumi preview`. */
  public readonly definition: pulumi.Output<string>;

  constructor(name: string, args: OrchestratorArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('portfolio:orchestrator:Orchestrator', name, {}, opts);
    const parent = { parent: this };
    const s = args.scraper;

    this.definition = pulumi
      .all([
        args.planFunctionArn,
        args.reconcileFunctionArn,
        args.summarizeFunctionArn,
        s.clusterArn,
        s.taskDefinitionArn,
        s.subnetIds,
        s.securityGroupIds,
      ])
      .apply(
        ([
          planFunctionArn,
          reconcileFunctionArn,
          summarizeFunctionArn,
          clusterArn,
          taskDefinitionArn,
          subnetIds,
          securityGroupIds,
        ]) =>
          JSON.stringify(
            ingestDefinition({
              planFunctionArn,
              reconcileFunctionArn,
              summarizeFunctionArn,
              scraper: {
                clusterArn,
                taskDefinitionArn,
                containerName: s.containerName,
                subnetIds,
                securityGroupIds,
                assignPublicIp: s.assignPublicIp,
              },
              batchSize: args.batchSize,
              maxConcurrency: args.maxConcurrency,
              retry: args.retry,
            }),
          ),
      );

    const region = aws.getRegionOutput({}, parent);
    const account = aws.getCallerIdentityOutput({}, parent);
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: trustPolicy('states.amazonaws.com', {
          sourceAccount: account.accountId,
          sourceArns: [
            pulumi.interpolate`arn:aws:states:${region.region}:${account.accountId}:stateMachine:*`,
          ],
        }),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'InvokeSteps',
              Effect: 'Allow',
              Action: 'lambda:InvokeFunction',
              Resource: [
                args.planFunctionArn,
                args.reconcileFunctionArn,
                args.summarizeFunctionArn,
              ],
            },
            {
              Sid: 'RunScraper',
              Effect: 'Allow',
              Action: 'ecs:RunTask',
              Resource: s.taskDefinitionArn,
            },
            {
              Sid: 'WatchScraper',
              Effect: 'Allow',
              Action: ['ecs:StopTask', 'ecs:DescribeTasks'],
              Resource: '*',
              Condition: { ArnEquals: { 'ecs:cluster': s.clusterArn } },
            },
            {
              Sid: 'PassTaskRoles',
              Effect: 'Allow',
              Action: 'iam:PassRole',
              Resource: [s.taskRoleArn, s.executionRoleArn],
              Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
            },
            {
              // runTask.sync waits through this managed EventBridge rule.
              // https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html
              Sid: 'SyncRule',
              Effect: 'Allow',
              Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
              Resource: pulumi.interpolate`arn:aws:events:${region.region}:${account.accountId}:rule/StepFunctionsGetEventsForECSTaskRule`,
            },
          ],
        }),
      },
      parent,
    );

    this.stateMachine = new aws.sfn.StateMachine(
      `${name}-ingest`,
      {
        roleArn: role.arn,
        definition: this.definition,
        type: 'STANDARD',
      },
      parent,
    );

    const schedulerRole = new aws.iam.Role(
      `${name}-scheduler-role`,
      {
        assumeRolePolicy: trustPolicy('scheduler.amazonaws.com', {
          sourceAccount: account.accountId,
          sourceArns: [
            pulumi.interpolate`arn:aws:scheduler:${region.region}:${account.accountId}:schedule/*`,
          ],
        }),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-scheduler-policy`,
      {
        role: schedulerRole.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'states:StartExecution', Resource: this.stateMachine.arn },
          ],
        }),
      },
      parent,
    );
    new aws.scheduler.Schedule(
      `${name}-schedule`,
      {
        scheduleExpression: args.schedule,
        scheduleExpressionTimezone: args.scheduleTimezone,
        flexibleTimeWindow: { mode: 'FLEXIBLE', maximumWindowInMinutes: 30 },
        target: {
          arn: this.stateMachine.arn,
          roleArn: schedulerRole.arn,
          input: JSON.stringify({ artists: [] }),
        },
      },
      parent,
    );

    this.registerOutputs({ stateMachineArn: this.stateMachine.arn });
  }
}
