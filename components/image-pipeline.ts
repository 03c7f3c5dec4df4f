// The image pipeline: a raw object created → an S3 notification on a queue (with a dead-letter
// queue) → the optimizer Lambda, which reports partial batch failures so only the failed
// messages come back. Alarms ring on a dead letter and on function errors.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { RAW_PREFIX, VARIANT_PREFIX } from '../core/images/object-keys.ts';
import { MAX_RECEIVE_COUNT } from '../core/ingest/optimizer-queue.ts';
import { DIRECTORY_PARTITIONS } from '../core/store/table-schema.ts';
import type { Architecture, FunctionBundle } from './function-bundle.ts';
import { objectAccess, partitionAccess, readOriginals, tableAccess } from './iam.ts';
import { alarmAbove, lambdaMetric } from './monitoring.ts';
import { createNodeFunction, type NodeFunction } from './node-function.ts';

export interface ImagePipelineArgs {
  rawBucket: aws.s3.Bucket;
  optimizedBucket: aws.s3.Bucket;
  table: aws.dynamodb.Table;
  bundle: FunctionBundle;
  architecture: Architecture;
  memorySize: number;
  environment: Record<string, pulumi.Input<string>>;
  logRetentionDays: number;
  alarmTopicArn: pulumi.Input<string>;
}

/** Optimizer instances the queue feeds at once (its event source's `maximumConcurrency`). */
export const OPTIMIZER_MAX_CONCURRENCY = 10;

/** Seconds one batch may take. The queue's visibility timeout is six times this (AWS advice). */
export const OPTIMIZER_TIMEOUT_SECONDS = 120;

export class ImagePipeline extends pulumi.ComponentResource {
  public readonly queue: aws.sqs.Queue;
  public readonly deadLetterQueue: aws.sqs.Queue;
  public readonly optimizer: NodeFunction;

  constructor(name: string, args: ImagePipelineArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('portfolio:pipeline:ImagePipeline', name, {}, opts);
    const parent = { parent: this };

    this.deadLetterQueue = new aws.sqs.Queue(
      `${name}-dlq`,
      { messageRetentionSeconds: 14 * 24 * 3600, sqsManagedSseEnabled: true },
      parent,
    );
    this.queue = new aws.sqs.Queue(
      `${name}-queue`,
      {
        visibilityTimeoutSeconds: 6 * OPTIMIZER_TIMEOUT_SECONDS,
        messageRetentionSeconds: 4 * 24 * 3600,
        sqsManagedSseEnabled: true,
        redrivePolicy: pulumi.jsonStringify({
          deadLetterTargetArn: this.deadLetterQueue.arn,
          maxReceiveCount: MAX_RECEIVE_COUNT,
        }),
      },
      parent,
    );
    const account = aws.getCallerIdentityOutput({}, parent);
    const queuePolicy = new aws.sqs.QueuePolicy(
      `${name}-queue-policy`,
      {
        queueUrl: this.queue.url,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'RawBucketNotifies',
              Effect: 'Allow',
              Principal: { Service: 's3.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: this.queue.arn,
              Condition: {
                ArnEquals: { 'aws:SourceArn': args.rawBucket.arn },
                StringEquals: { 'aws:SourceAccount': account.accountId },
              },
            },
          ],
        }),
      },
      parent,
    );
    new aws.s3.BucketNotification(
      `${name}-raw-created`,
      {
        bucket: args.rawBucket.id,
        queues: [
          { queueArn: this.queue.arn, events: ['s3:ObjectCreated:*'], filterPrefix: RAW_PREFIX },
        ],
      },
      { ...parent, dependsOn: [queuePolicy] },
    );

    this.optimizer = createNodeFunction(
      `${name}-optimizer`,
      {
        bundle: args.bundle,
        architecture: args.architecture,
        memorySize: args.memorySize,
        timeout: OPTIMIZER_TIMEOUT_SECONDS,
        environment: args.environment,
        logRetentionDays: args.logRetentionDays,
        statements: [
          ...readOriginals(args.rawBucket, args.optimizedBucket),
          // Variants are written, and removed when a better copy of the photo replaces them.
          objectAccess('WriteVariants', args.optimizedBucket, VARIANT_PREFIX, [
            'PutObject',
            'GetObject',
            'DeleteObject',
          ]),
          tableAccess('Records', args.table, ['GetItem', 'PutItem', 'UpdateItem', 'Query']),
          // The directory's index items: rewritten, and deleted, in their own partitions only.
          partitionAccess('Directory', args.table, ['PutItem', 'DeleteItem'], DIRECTORY_PARTITIONS),
          {
            Sid: 'ConsumeQueue',
            Effect: 'Allow',
            Action: [
              'sqs:ReceiveMessage',
              'sqs:DeleteMessage',
              'sqs:ChangeMessageVisibility',
              'sqs:GetQueueAttributes',
            ],
            Resource: this.queue.arn,
          },
        ],
      },
      parent,
    );
    new aws.lambda.EventSourceMapping(
      `${name}-optimizer-source`,
      {
        eventSourceArn: this.queue.arn,
        functionName: this.optimizer.function.arn,
        batchSize: 10,
        maximumBatchingWindowInSeconds: 5,
        functionResponseTypes: ['ReportBatchItemFailures'],
        scalingConfig: { maximumConcurrency: OPTIMIZER_MAX_CONCURRENCY },
      },
      parent,
    );

    alarmAbove(
      `${name}-dead-letters`,
      {
        description: 'Raw objects the optimizer failed on five times are waiting in the DLQ',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: this.deadLetterQueue.name },
        statistic: 'Maximum',
        threshold: 0,
        notifyOk: true,
      },
      args.alarmTopicArn,
      parent,
    );
    alarmAbove(
      `${name}-optimizer-errors`,
      lambdaMetric(
        this.optimizer.function,
        'Errors',
        'The optimizer function failed (errors, not refused images)',
      ),
      args.alarmTopicArn,
      parent,
    );

    this.registerOutputs({
      queueUrl: this.queue.url,
      deadLetterQueueUrl: this.deadLetterQueue.url,
      optimizerName: this.optimizer.function.name,
    });
  }
}
