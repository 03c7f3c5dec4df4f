// `npm run redrive -- --aws`: sends the originals the deployed optimizer gave up on (its
// dead-letter queue, OPTIMIZER_DLQ_ARN from `pulumi stack output optimizerDeadLetterQueueArn`)
// back to it. Locally there is no dead-letter queue to keep: `npm run reconcile` redoes what
// the local optimizer did not record, and `ingest` and `npm start` run it before they begin.
import { z } from 'zod';
import { redriveDeadLetters } from '../core/operations/redrive.ts';
import { createSqsClient } from '../core/platform/aws-clients.ts';
import { type ConfigurationError, readEnvConfig } from '../core/platform/env-config.ts';

const env = z.object({
  AWS_REGION: z.string().min(1, 'Expected the stack region'),
  OPTIMIZER_DLQ_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:.+$/, 'Expected an SQS queue ARN'),
});

async function main(argv: string[]): Promise<number> {
  if (!argv.includes('--aws') || argv.some((arg) => arg !== '--aws')) {
    process.stderr.write(
      'Usage: npm run redrive -- --aws\n' +
        'Locally, run `npm run reconcile`: it processes again every original without a record.\n',
    );
    return 2;
  }
  let config: z.infer<typeof env>;
  try {
    config = readEnvConfig(env, process.env);
  } catch (error) {
    process.stderr.write(`${(error as ConfigurationError).message}\n`);
    return 2;
  }
  const sqs = createSqsClient(config.AWS_REGION);
  try {
    const outcome = await redriveDeadLetters(sqs, config.OPTIMIZER_DLQ_ARN, (line) =>
      process.stderr.write(`${line}\n`),
    );
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    return outcome.status === 'COMPLETED' ? 0 : 1;
  } catch (error) {
    process.stderr.write(`Redrive failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    sqs.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
