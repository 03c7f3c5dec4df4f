// The alarms and keys several components make, written once.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

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

/**
 * A KMS key of the account `opts` deploys to, rotated yearly, administered by that account,
 * and usable as `grants` say (key policy statements with their principals).
 */
export function accountKey(
  name: string,
  description: string,
  grants: Record<string, unknown>[],
  opts: pulumi.CustomResourceOptions,
): aws.kms.Key {
  const account = aws.getCallerIdentityOutput({}, opts);
  return new aws.kms.Key(
    name,
    {
      description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministers',
            Effect: 'Allow',
            Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          ...grants,
        ],
      }),
    },
    opts,
  );
}
