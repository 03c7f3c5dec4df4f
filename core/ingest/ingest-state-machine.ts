// The ingest state machine: one pure function of its inputs produces the ASL definition that
// Pulumi deploys and the local runner executes unchanged. JSONPath with an inline Map (the
// local runner ignores JSONata and a Distributed Map's ItemReader/ItemBatcher); the batches are
// made by the Plan step.

export interface IngestDefinitionArgs {
  /** Lambda that lists the active artists (all, or the slugs asked for) and makes the batches. */
  planFunctionArn: string;
  /** Lambda that makes the records agree with the originals of the run's artists. */
  reconcileFunctionArn: string;
  /** Lambda that adds up the run's per-artist reports. */
  summarizeFunctionArn: string;
  scraper: {
    clusterArn: string;
    taskDefinitionArn: string;
    containerName: string;
    subnetIds: string[];
    securityGroupIds: string[];
    assignPublicIp: boolean;
  };
  /** Artists per scraper task. */
  batchSize: number;
  /** Scraper tasks at once. */
  maxConcurrency: number;
  /** Retries of a scraper task on transient ECS errors and throttling. */
  retry: {
    maxAttempts: number;
    intervalSeconds: number;
    backoffRate: number;
    maxDelaySeconds: number;
  };
}

/** The scraper container's name in the task definition; the state machine overrides its environment. */
export const SCRAPER_CONTAINER = 'scraper';

/** How a failed scraper batch is retried in AWS: three more tries, 30 s then 60 s then 120 s. */
export const DEFAULT_INGEST_RETRY = {
  maxAttempts: 3,
  intervalSeconds: 30,
  backoffRate: 2,
  maxDelaySeconds: 300,
} as const;

/** Errors worth retrying: the service or the account was busy, not the batch at fault. */
export const TRANSIENT_TASK_ERRORS = [
  'ECS.AmazonECSException',
  'ECS.ServerException',
  'ECS.ThrottlingException',
  'ECS.LimitExceededException',
  // The scraper container exited non-zero: it crashed (killed, out of memory); worth another
  // try. An artist that fails does not fail the task: it is in the run's reports.
  'States.TaskFailed',
];

const LAMBDA_RETRY = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
  ],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
  JitterStrategy: 'FULL',
};

/** The ASL definition of the ingest run. */
export function ingestDefinition(args: IngestDefinitionArgs) {
  return {
    Comment:
      'Scrape the active artists in batches, one Fargate task per batch, reconcile their originals with their records, and sum up the run',
    StartAt: 'Plan',
    States: {
      Plan: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: {
          FunctionName: args.planFunctionArn,
          Payload: {
            'artists.$': '$.artists',
            batchSize: args.batchSize,
            'runId.$': '$$.Execution.Name',
          },
        },
        ResultSelector: { 'batches.$': '$.Payload.batches', 'runId.$': '$.Payload.runId' },
        Retry: [LAMBDA_RETRY],
        Next: 'ScrapeBatches',
      },
      ScrapeBatches: {
        Type: 'Map',
        ItemsPath: '$.batches',
        MaxConcurrency: args.maxConcurrency,
        ItemSelector: { 'artists.$': '$$.Map.Item.Value', 'runId.$': '$.runId' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Scrape',
          States: {
            Scrape: {
              Type: 'Task',
              Resource: 'arn:aws:states:::ecs:runTask.sync',
              Parameters: {
                Cluster: args.scraper.clusterArn,
                TaskDefinition: args.scraper.taskDefinitionArn,
                LaunchType: 'FARGATE',
                NetworkConfiguration: {
                  AwsvpcConfiguration: {
                    Subnets: args.scraper.subnetIds,
                    SecurityGroups: args.scraper.securityGroupIds,
                    AssignPublicIp: args.scraper.assignPublicIp ? 'ENABLED' : 'DISABLED',
                  },
                },
                Overrides: {
                  ContainerOverrides: [
                    {
                      Name: args.scraper.containerName,
                      Environment: [
                        { Name: 'SCRAPER_BATCH', 'Value.$': 'States.JsonToString($.artists)' },
                        { Name: 'INGEST_RUN_ID', 'Value.$': '$.runId' },
                      ],
                    },
                  ],
                },
              },
              ResultSelector: { status: 'done' },
              ResultPath: '$.result',
              Retry: [
                {
                  ErrorEquals: TRANSIENT_TASK_ERRORS,
                  IntervalSeconds: args.retry.intervalSeconds,
                  MaxAttempts: args.retry.maxAttempts,
                  BackoffRate: args.retry.backoffRate,
                  MaxDelaySeconds: args.retry.maxDelaySeconds,
                  JitterStrategy: 'FULL',
                },
              ],
              Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'BatchFailed' }],
              Next: 'BatchDone',
            },
            BatchDone: {
              Type: 'Pass',
              Parameters: { status: 'done', 'artists.$': '$.artists[*].slug' },
              End: true,
            },
            BatchFailed: {
              Type: 'Pass',
              Parameters: {
                status: 'failed',
                'artists.$': '$.artists[*].slug',
                'error.$': '$.error',
              },
              End: true,
            },
          },
        },
        ResultPath: '$.batchResults',
        Next: 'Reconcile',
      },
      // Originals the optimizer never recorded go to it again; damaged ones are removed so the
      // next scrape fetches them afresh. Its failure is reported in the summary, not fatal.
      Reconcile: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: {
          FunctionName: args.reconcileFunctionArn,
          Payload: { 'runId.$': '$.runId', 'batches.$': '$.batches' },
        },
        ResultSelector: { 'findings.$': '$.Payload' },
        ResultPath: '$.reconciled',
        Retry: [LAMBDA_RETRY],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.reconciled', Next: 'Summarize' }],
        Next: 'Summarize',
      },
      Summarize: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: {
          FunctionName: args.summarizeFunctionArn,
          Payload: {
            'runId.$': '$.runId',
            'startedAt.$': '$$.Execution.StartTime',
            'batches.$': '$.batchResults',
            'reconciled.$': '$.reconciled',
          },
        },
        ResultSelector: { 'summary.$': '$.Payload' },
        OutputPath: '$.summary',
        Retry: [LAMBDA_RETRY],
        End: true,
      },
    },
  };
}
