// The whole system as one function of its configuration: the infrastructure account (through
// its own provider, in the stack's region) and the log archive account (reached by assuming a
// role, in the backup region), the replication between them, and what an operator needs.
// index.ts runs it as the Pulumi program; the tests run it under mocks, as an update and as a
// first preview.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { BackupReplication } from './backup.ts';
import { type bundleFunction, formatBytes } from './function-bundle.ts';
import { InfrastructureAccount } from './infrastructure-account.ts';
import { LogArchiveAccount } from './log-archive-account.ts';
import type { StackConfig } from './stack-config.ts';

export interface PortfolioOptions {
  /** The infrastructure account's region (the stack's `aws:region`). */
  region: string;
  /** Builds a function's code (default: bundleFunction). */
  bundle?: typeof bundleFunction;
}

/** Builds every resource of the system; returns the stack's outputs. */
export function portfolio(config: StackConfig, options: PortfolioOptions) {
  // Every resource names its provider: none lands in whatever account the default one reaches.
  const infrastructureProvider = new aws.Provider('infrastructure', {
    region: options.region as aws.Region,
  });
  const infrastructureAccountId = aws.getCallerIdentityOutput(
    {},
    { provider: infrastructureProvider },
  ).accountId;
  const infrastructure = new InfrastructureAccount(
    'infrastructure',
    { config, ...(options.bundle && { bundle: options.bundle }) },
    { provider: infrastructureProvider },
  );

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
      // An Output of the role: its grants wait until the role exists (S3 refuses principals
      // that do not).
      replicationRoleArn: infrastructure.replicationRole.role.arn,
    },
    { provider: logArchiveProvider },
  );
  // Last, once both the role and the archive bucket exist.
  new BackupReplication(
    'infrastructure-replication',
    {
      role: infrastructure.replicationRole.role,
      sources: infrastructure.storage.replicated,
      destination: {
        accountId: config.logArchiveRoleArn.split(':')[4] ?? '',
        bucketArn: logArchive.bucket.arn,
      },
    },
    { provider: infrastructureProvider },
  );

  for (const bundle of infrastructure.bundles) {
    pulumi.log.info(
      `${bundle.name} (${bundle.architecture}): ${formatBytes(bundle.codeBytes)} code, ${formatBytes(bundle.totalBytes)} in all`,
    );
  }

  return {
    siteUrl: infrastructure.cdn.siteUrl,
    imageDomain: infrastructure.cdn.distribution.domainName,
    distributionId: infrastructure.cdn.distribution.id,
    apiUrl: infrastructure.api.endpoint,
    stateMachineArn: infrastructure.orchestrator.stateMachine.arn,
    optimizerQueueUrl: infrastructure.pipeline.queue.url,
    optimizerDeadLetterQueueArn: infrastructure.pipeline.deadLetterQueue.arn,
    scraperImage: infrastructure.scraper.imageUri,
    rawBucket: infrastructure.storage.buckets.raw.bucket.bucket,
    optimizedBucket: infrastructure.storage.buckets.optimized.bucket.bucket,
    siteBucket: infrastructure.storage.buckets.site.bucket.bucket,
    tableName: infrastructure.storage.table.name,
    backupBucket: logArchive.bucket.bucket,
    /** What `artists remove --aws` says the backup keeps (BACKUP_RETENTION_DAYS). */
    backupRetentionDays: config.backupRetentionDays,
    functionBundles: infrastructure.bundles.map((bundle) => ({
      name: bundle.name,
      architecture: bundle.architecture,
      bytes: bundle.totalBytes,
    })),
  };
}
