// Creates the buckets and the table on the stand-ins from their shared definitions.
import {
  CreateTableCommand,
  DescribeTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../core/platform/aws-clients.ts';
import type { FunctionsConfig } from '../core/platform/config.ts';
import { BUCKETS } from '../core/store/buckets.ts';
import { createTableInput } from '../core/store/table-schema.ts';

/** Makes every bucket and the table exist; leaves existing ones (and their data) alone. */
export async function provision(clients: AwsClients, config: FunctionsConfig): Promise<void> {
  const buckets = [config.rawBucket, config.optimizedBucket, BUCKETS.site.localName];
  // ListBuckets, not HeadBucket: s3rver answers a HEAD of a bucket by listing its objects (and
  // reading their metadata), which a damaged file would fail with no message at all.
  const { Buckets = [] } = await clients.s3.send(new ListBucketsCommand({}));
  const existing = new Set(Buckets.map((bucket) => bucket.Name));
  await Promise.all(
    buckets
      .filter((bucket) => !existing.has(bucket))
      .map((bucket) => clients.s3.send(new CreateBucketCommand({ Bucket: bucket }))),
  );
  try {
    await clients.dynamo.send(new DescribeTableCommand({ TableName: config.tableName }));
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    await clients.dynamo.send(new CreateTableCommand(createTableInput(config.tableName)));
    await waitUntilTableExists(
      { client: clients.dynamo, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.5 },
      { TableName: config.tableName },
    );
  }
}
