// Short leases on images in DynamoDB, so that one image is decoded by one invocation at a time
// however many distinct variants of it are asked for at once.
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TableItems } from '../store/table-items.ts';
import { itemKeys, TABLE } from '../store/table-schema.ts';
import { unlessConditionFails } from '../store/table-writes.ts';

export class ImageLeases extends TableItems {
  constructor(
    dynamo: DynamoDBDocumentClient,
    tableName: string,
    private readonly clock: () => number = Date.now,
  ) {
    super(dynamo, tableName);
  }

  /**
   * Takes the lease on an image for `ttlMs` unless another owner holds an unexpired one; an
   * expired lease (its holder crashed or timed out) is taken over.
   * @returns whether `owner` now holds it.
   */
  async acquire(slug: string, imageId: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    return this.writeIf(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...this.key(slug, imageId),
          type: 'lease',
          owner,
          expiresAt: now + ttlMs,
        },
        ConditionExpression: 'attribute_not_exists(#pk) OR expiresAt < :now',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
        ExpressionAttributeValues: { ':now': now },
      }),
    );
  }

  /** Gives the lease back, if `owner` still holds it. */
  async release(slug: string, imageId: string, owner: string): Promise<void> {
    await unlessConditionFails(
      this.dynamo.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: this.key(slug, imageId),
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
  }

  private key(slug: string, imageId: string) {
    return {
      [TABLE.partitionKey]: itemKeys.leasesPk(slug),
      [TABLE.sortKey]: itemKeys.leaseSk(imageId),
    };
  }
}
