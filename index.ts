// The Pulumi program: the log archive account (reached by assuming a role, in the backup
// region) and the infrastructure account (the default provider), and what an operator needs.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { formatBytes } from './components/function-bundle.ts';
import { InfrastructureAccount } from './components/infrastructure-account.ts';
import { LogArchiveAccount } from './components/log-archive-account.ts';
import { readStackConfig } from './components/stack-config.ts';

const config = readStackConfig();
const infrastructureAccountId = aws.getCallerIdentityOutput().accountId;

const infrastructure = new InfrastructureAccount('infrastructure', { config });

const logArchiveProvider = new aws.Provider('log-archive', {
  region: config.backupRegion as aws.Region,
  assumeRoles: [{ roleArn: config.logArchiveRoleArn, sessionName: 'portfolio-pulumi' }],
});
const logArchive = new LogArchiveAccount(
  'log-archive',
  {
    namePrefix: config.namePrefix,
    retentionDays: config.backupRetentionDays,
    sourceAccountId: infrastructureAccountId,
    // An Output of the role: its grants wait until the role exists (KMS and S3 refuse
    // principals that do not).
    replicationRoleArn: infrastructure.backup.role.arn,
  },
  { provider: logArchiveProvider },
);
infrastructure.backup.replicateTo({
  accountId: config.logArchiveRoleArn.split(':')[4] ?? '',
  bucketArn: logArchive.bucket.arn,
});

for (const bundle of infrastructure.bundles) {
  pulumi.log.info(
    `${bundle.name} (${bundle.architecture}): ${formatBytes(bundle.codeBytes)} code, ${formatBytes(bundle.totalBytes)} in all`,
  );
}

export const siteUrl = infrastructure.cdn.siteUrl;
export const imageDomain = infrastructure.cdn.distribution.domainName;
export const distributionId = infrastructure.cdn.distribution.id;
export const apiUrl = infrastructure.api.endpoint;
export const stateMachineArn = infrastructure.orchestrator.stateMachine.arn;
export const optimizerQueueUrl = infrastructure.pipeline.queue.url;
export const optimizerDeadLetterQueueArn = infrastructure.pipeline.deadLetterQueue.arn;
export const scraperImage = infrastructure.scraper.imageUri;
export const rawBucket = infrastructure.storage.buckets.raw.bucket.bucket;
export const optimizedBucket = infrastructure.storage.buckets.optimized.bucket.bucket;
export const siteBucket = infrastructure.storage.buckets.site.bucket.bucket;
export const tableName = infrastructure.storage.table.name;
export const backupBucket = logArchive.bucket.bucket;
/** What `artists remove --aws` says the backup keeps (BACKUP_RETENTION_DAYS). */
export const backupRetentionDays = config.backupRetentionDays;
export const functionBundles = infrastructure.bundles.map((bundle) => ({
  name: bundle.name,
  architecture: bundle.architecture,
  bytes: bundle.totalBytes,
}));
