// An artist's takedown: their records, optimized variants and originals leave the live
// buckets and the table. (The immutable backup keeps its copies for its retention period.)
// What stays is the record that they were taken down (Takedowns), so their pages answer 410.
import type { S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { Takedowns } from '../artists/takedowns.ts';
import { rawPrefix, variantPrefix } from '../images/object-keys.ts';
import type { AwsClients } from '../platform/aws-clients.ts';
import type { FunctionsConfig } from '../platform/config.ts';
import { deleteObjects, listObjects } from '../store/object-store.ts';
import { itemKeys, TABLE } from '../store/table-schema.ts';
import { deleteItems } from '../store/table-writes.ts';

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
  // First the record that the artist was taken down: from here on their pages answer 410
  // whatever is left, and a takedown cut short is still one.
  await new Takedowns(clients.dynamo, config.tableName).record(slug);
  // The source records before the originals they name: the scraper takes a known source for
  // a stored original without looking in the bucket, so a crash in between must not leave a
  // record of an original that is gone.
  let records = await deletePartition(clients.dynamo, config.tableName, itemKeys.sourcesPk(slug));
  // Originals next: an optimizer still working on one then finds it gone and writes nothing.
  const originals = await deletePrefix(clients.s3, config.rawBucket, rawPrefix(slug));
  const variants = await deletePrefix(clients.s3, config.optimizedBucket, variantPrefix(slug));
  for (const pk of [itemKeys.artistPk(slug), itemKeys.leasesPk(slug), itemKeys.directoryPk(slug)])
    records += await deletePartition(clients.dynamo, config.tableName, pk);
  return { records, variants, originals };
}

async function deletePrefix(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  const keys = (await listObjects(s3, bucket, prefix)).map((object) => object.key);
  await deleteObjects(s3, bucket, keys);
  return keys.length;
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
  await deleteItems(dynamo, tableName, keys);
  return keys.length;
}
