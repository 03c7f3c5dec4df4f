// Writes to the table that several modules make the same way.
import {
  BatchWriteCommand,
  type DeleteCommand,
  type DynamoDBDocumentClient,
  type PutCommand,
  type UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

/** DynamoDB takes at most 25 writes per BatchWriteItem. */
const BATCH_WRITE_LIMIT = 25;

/** Deletes the items with these keys, sending again what DynamoDB leaves unprocessed. */
export async function deleteItems(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  keys: Record<string, string>[],
): Promise<void> {
  for (let start = 0; start < keys.length; start += BATCH_WRITE_LIMIT) {
    let requests = keys
      .slice(start, start + BATCH_WRITE_LIMIT)
      .map((Key) => ({ DeleteRequest: { Key } }));
    // Under load BatchWrite may leave some undone: send those again until none are left.
    while (requests.length > 0) {
      const { UnprocessedItems } = await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Whether a DynamoDB write was refused by its condition (the outcome a conditional write plans for). */
function isConditionalCheckFailed(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'ConditionalCheckFailedException';
}

/**
 * A conditional write's answer, or undefined when its condition did not hold; any other
 * failure propagates.
 */
export async function unlessConditionFails<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}

/** Sends a conditional write; whether it was made (false when its condition did not hold). */
export async function writeIf(
  dynamo: DynamoDBDocumentClient,
  command: PutCommand | UpdateCommand | DeleteCommand,
): Promise<boolean> {
  return (await unlessConditionFails(dynamo.send(command as UpdateCommand))) !== undefined;
}
