// Each artist's cover (their newest shown image) kept on their profile, so the directory reads
// every artist and their cover in one query. The optimizer offers each image it shows and
// withdraws each one it stops showing; the profile's coverOrder (the image's place in the
// newest-first order) makes concurrent offers agree: the newest wins.
import { GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { queryCollection } from './collections.ts';
import {
  type OkImageRecord,
  okImageRecordSchema,
  shownOrder,
  withoutKeys,
} from './image-records.ts';
import { TableItems } from './table-items.ts';
import { itemKeys, profileKey, TABLE } from './table-schema.ts';
import { unlessConditionFails } from './table-writes.ts';

/** The cover fields of a profile: none yet is '' (known empty), as `ArtistRegistry.add` writes. */
export const NO_COVER_ORDER = '';

export class ArtistCovers extends TableItems {
  /** Makes `record` the artist's cover if it is newer than the one they have. */
  async offer(record: OkImageRecord): Promise<void> {
    await this.setCover(record, {
      UpdateExpression: 'SET #cover = :cover, #order = :order',
      ConditionExpression:
        'attribute_exists(#pk) AND (attribute_not_exists(#order) OR #order < :order)',
      ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#order': 'coverOrder' },
      ExpressionAttributeValues: { ':order': shownOrder(record) },
    });
  }

  /** Puts the newer copy of a record (its ladder completed) on the profile, if it is the cover. */
  async refresh(record: OkImageRecord): Promise<void> {
    await this.setCover(record, {
      UpdateExpression: 'SET #cover = :cover',
      ConditionExpression: '#cover.imageId = :imageId',
      ExpressionAttributeValues: { ':imageId': record.imageId },
    });
  }

  /** Writes `record` as its artist's cover (`:cover`, `#cover`) if the update's condition holds. */
  private async setCover(
    record: OkImageRecord,
    update: Pick<UpdateCommandInput, 'UpdateExpression' | 'ConditionExpression'> & {
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    },
  ): Promise<void> {
    await this.writeIf(
      new UpdateCommand({
        TableName: this.tableName,
        Key: profileKey(record.artist),
        ...update,
        ExpressionAttributeNames: { '#cover': 'cover', ...update.ExpressionAttributeNames },
        ExpressionAttributeValues: { ':cover': record, ...update.ExpressionAttributeValues },
      }),
    );
  }

  /** After `imageId` stopped being shown: if it was the cover, the newest shown image is. */
  async withdraw(slug: string, imageId: string): Promise<void> {
    const { Item } = await this.dynamo.send(
      new GetCommand({
        TableName: this.tableName,
        Key: profileKey(slug),
        ConsistentRead: true,
      }),
    );
    if ((Item?.cover as { imageId?: string } | undefined)?.imageId !== imageId) return;
    const {
      items: [latest],
    } = await queryCollection(this.dynamo, this.tableName, itemKeys.imagesCollection(slug), {
      limit: 1,
      forward: false,
    });
    const newest = okImageRecordSchema.safeParse(latest && withoutKeys(latest));
    // Only if the withdrawn image is still the cover: a newer offer meanwhile stands.
    await unlessConditionFails(
      this.dynamo.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: profileKey(slug),
          UpdateExpression: newest.success
            ? 'SET #cover = :cover, #order = :order'
            : 'REMOVE #cover SET #order = :order',
          ConditionExpression: '#cover.imageId = :withdrawn',
          ExpressionAttributeNames: { '#cover': 'cover', '#order': 'coverOrder' },
          ExpressionAttributeValues: {
            ':withdrawn': imageId,
            ...(newest.success
              ? { ':cover': newest.data, ':order': shownOrder(newest.data as OkImageRecord) }
              : { ':order': NO_COVER_ORDER }),
          },
        }),
      ),
    );
  }
}
