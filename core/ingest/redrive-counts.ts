// How many times the reconciler handed an original to the optimizer again, so that one the
// optimizer cannot get through (it fails on it every time) is not handed over for ever.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TableItems } from '../store/table-items.ts';
import { itemKeys, primaryKey } from '../store/table-schema.ts';

export class RedriveCounts extends TableItems {
  /** Counts one more redrive of the image and returns the count, this one included. */
  async next(slug: string, imageId: string): Promise<number> {
    const { Attributes } = await this.dynamo.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: primaryKey(itemKeys.artistPk(slug), itemKeys.redriveSk(imageId)),
        UpdateExpression: 'SET #type = :type ADD redrives :one',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'redrive', ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.redrives ?? 1);
  }
}
