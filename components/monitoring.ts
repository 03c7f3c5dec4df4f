// The alarms several components make, written once.
import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';

export interface AlarmSpec {
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, pulumi.Input<string>>;
  statistic: 'Sum' | 'Maximum';
  threshold: number;
  /** Also say when the alarm clears (for states that last, like a queue's depth). */
  notifyOk?: boolean;
}

/** An alarm that rings `topicArn` when the metric, over five minutes, goes above `threshold`. */
export function alarmAbove(
  name: string,
  spec: AlarmSpec,
  topicArn: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    name,
    {
      alarmDescription: spec.description,
      namespace: spec.namespace,
      metricName: spec.metricName,
      dimensions: spec.dimensions,
      statistic: spec.statistic,
      period: 300,
      evaluationPeriods: 1,
      threshold: spec.threshold,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [topicArn],
      ...(spec.notifyOk && { okActions: [topicArn] }),
    },
    opts,
  );
}

/** A function's metric, summed over five minutes, as an alarm spec (`threshold` default 0). */
export function lambdaMetric(
  fn: { name: pulumi.Input<string> },
  metricName: 'Invocations' | 'Errors' | 'Throttles',
  description: string,
  extra: Partial<Pick<AlarmSpec, 'threshold' | 'notifyOk'>> = {},
): AlarmSpec {
  return {
    description,
    namespace: 'AWS/Lambda',
    metricName,
    dimensions: { FunctionName: fn.name },
    statistic: 'Sum',
    threshold: 0,
    ...extra,
  };
}
