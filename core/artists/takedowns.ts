// Which artists were taken down, and when: the one trace a takedown leaves in the table, so
// their pages answer 410 (gone on purpose) and never 404 (never here). Registering the slug
// again lifts it.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TableItems } from '../store/table-items.ts';
import { itemKeys, primaryKey } from '../store/table-schema.ts';

const keyOf = (slug: string) => primaryKey(itemKeys.takedownPk(slug), itemKeys.takedownSk);

export class Takedowns extends TableItems {
  /** Records that `slug` was taken down at `at` (again: the time is updated). */
  async record(slug: string, at = new Date()): Promise<void> {
    await this.dynamo.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keyOf(slug), slug, takenDownAt: at.toISOString() },
      }),
    );
  }

  /** When `slug` was taken down, or undefined when it never was (or was registered again). */
  async takenDownAt(slug: string): Promise<string | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(slug) }),
    );
    return typeof Item?.takenDownAt === 'string' ? Item.takenDownAt : undefined;
  }

  /** Lifts the record: the slug is an artist's again. */
  async lift(slug: string): Promise<void> {
    await this.dynamo.send(new DeleteCommand({ TableName: this.tableName, Key: keyOf(slug) }));
  }
}
