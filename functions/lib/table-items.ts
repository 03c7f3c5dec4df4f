// What every class over the one table stands on: the document client and the table's name,
// and the conditional write that answers whether its condition held.
import type {
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { writeIf } from './table-writes.ts';

export abstract class TableItems {
  constructor(
    protected readonly dynamo: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /** Sends a conditional write; false when its condition did not hold. */
  protected writeIf(command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
    return writeIf(this.dynamo, command);
  }
}
