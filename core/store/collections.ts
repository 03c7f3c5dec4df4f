// Reading one collection of the overloaded index (the artists, or an artist's shown images),
// a page at a time: the one way the API and the optimizer read it.
import {
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { KEY_ATTRIBUTES, TABLE } from './table-schema.ts';

/** Where a page ends: DynamoDB's LastEvaluatedKey, handed back as the next ExclusiveStartKey. */
export type PageKey = Record<string, NativeAttributeValue>;

export interface Page<T> {
  items: T[];
  next?: PageKey | undefined;
}

/** Up to `limit` items of `collection`, in index order (`forward`) or newest first. */
export async function queryCollection(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  collection: string,
  options: { limit: number; forward: boolean; after?: PageKey | undefined },
): Promise<Page<Record<string, NativeAttributeValue>>> {
  const index = TABLE.indexes.byCollection;
  // One item more than asked says whether there is a next page, so a cursor never leads to
  // an empty page.
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :collection',
      ExpressionAttributeNames: { '#pk': index.partitionKey },
      ExpressionAttributeValues: { ':collection': collection },
      ScanIndexForward: options.forward,
      Limit: options.limit + 1,
      ...(options.after && { ExclusiveStartKey: options.after }),
    }),
  );
  const items = Items.slice(0, options.limit);
  const last = items[items.length - 1];
  return { items, next: Items.length > options.limit && last ? keyOf(last) : undefined };
}

/** The table and index keys of an item: what DynamoDB takes as ExclusiveStartKey. */
function keyOf(item: Record<string, NativeAttributeValue>): PageKey {
  return Object.fromEntries(KEY_ATTRIBUTES.map((name) => [name, item[name]]));
}
