// The Pulumi program: the system (components/portfolio.ts) from the stack's configuration;
// its exports are the stack outputs an operator and the CLIs read.
import * as pulumi from '@pulumi/pulumi';
import { portfolio } from './components/portfolio.ts';
import { readStackConfig } from './components/stack-config.ts';

export const {
  siteUrl,
  imageDomain,
  distributionId,
  apiUrl,
  stateMachineArn,
  optimizerQueueUrl,
  optimizerDeadLetterQueueArn,
  scraperImage,
  rawBucket,
  optimizedBucket,
  siteBucket,
  tableName,
  backupBucket,
  backupRetentionDays,
  functionBundles,
} = portfolio(readStackConfig(), { region: new pulumi.Config('aws').require('region') });
