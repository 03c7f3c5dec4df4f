// What every class over the one table stands on: the document client and the table's name,
// the conditional write that answers whether its condition held, and a partition's items.
import {
  type DeleteCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
  type PutCommand,
  paginateQuery,
  type UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { TABLE } from './table-schema.ts';
import { writeIf } from './table-writes.ts';

export abstract class TableItems {
  constructor(
    protected readonly dynamo: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /**
   * Every item of partition `pk` (whose sort key starts with `skPrefix`), page after page;
   * `consistent` for a read that sees every write acknowledged before it.
   */
  protected async *partition(
    pk: string,
    skPrefix?: string,
    consistent = false,
  ): AsyncGenerator<Record<string, NativeAttributeValue>> {
    const pages = paginateQuery(
      { client: this.dynamo },
      {
        TableName: this.tableName,
        ConsistentRead: consistent,
        KeyConditionExpression:
          skPrefix === undefined ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: {
          '#pk': TABLE.partitionKey,
          ...(skPrefix !== undefined && { '#sk': TABLE.sortKey }),
        },
        ExpressionAttributeValues: {
          ':pk': pk,
          ...(skPrefix !== undefined && { ':prefix': skPrefix }),
        },
      },
    );
    for await (const page of pages) yield* page.Items ?? [];
  }

  /** Sends a conditional write; false when its condition did not hold. */
  protected writeIf(command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
    return writeIf(this.dynamo, command);
  }
}
