// An artist's takedown: their records, optimized variants and originals leave the live
// buckets and the table. (The immutable backup keeps its copies for its retention period.)
import { DeleteObjectsCommand, ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from './aws-clients.ts';
import type { FunctionsConfig } from './config.ts';
import { rawPrefix, variantPrefix } from './object-keys.ts';
import { itemKeys, TABLE } from './table-schema.ts';

export interface TakedownResult {
  records: number;
  variants: number;
  originals: number;
}

/** Removes everything of `slug` from the live buckets and the table; safe to run again. */
export async function takeDownArtist(
  clients: AwsClients,
  config: Pick<FunctionsConfig, 'rawBucket' | 'optimizedBucket' | 'tableName'>,
  slug: string,
): Promise<TakedownResult> {
  // Originals first: an optimizer still working on one then finds it gone and writes nothing.
  const originals = await deletePrefix(clients.s3, config.rawBucket, rawPrefix(slug));
  const variants = await deletePrefix(clients.s3, config.optimizedBucket, variantPrefix(slug));
  const records = await deletePartition(clients.dynamo, config.tableName, itemKeys.artistPk(slug));
  return { records, variants, originals };
}

async function deletePrefix(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let deleted = 0;
  // ListObjects (v1): s3rver's v2 continuation tokens fail under OpenSSL 3 (TOOLCHAIN.md).
  for (;;) {
    const page = await s3.send(
      new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, MaxKeys: 1000 }),
    );
    const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key }));
    if (keys.length === 0) return deleted;
    const result = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }),
    );
    if (result.Errors?.length) {
      throw new Error(
        `Could not delete ${result.Errors.length} objects under ${bucket}/${prefix}: ${result.Errors[0]?.Message}`,
      );
    }
    deleted += keys.length;
  }
}

async function deletePartition(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
): Promise<number> {
  const keys: Record<string, string>[] = [];
  const pages = paginateQuery(
    { client: dynamo },
    {
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk',
      ProjectionExpression: '#pk, #sk',
      ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey },
      ExpressionAttributeValues: { ':pk': pk },
    },
  );
  for await (const page of pages)
    for (const item of page.Items ?? []) keys.push(item as Record<string, string>);
  for (let i = 0; i < keys.length; i += 25) {
    let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    // BatchWrite may leave some undone under load: send those again until none are left.
    while (requests.length > 0) {
      const { UnprocessedItems } = await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return keys.length;
}
