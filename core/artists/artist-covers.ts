// Each artist's cover (their newest shown image) kept on their profile, so the directory reads
// every artist and their cover in one query. The optimizer offers each image it shows and
// withdraws each one it stops showing; the profile's coverOrder (the image's place in the
// newest-first order) makes concurrent offers agree: the newest wins.
import { GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  type OkImageRecord,
  okImageRecordSchema,
  shownOrder,
  withoutKeys,
} from '../images/image-records.ts';
import { queryCollection } from '../store/collections.ts';
import { TableItems } from '../store/table-items.ts';
import { imageKey, itemKeys, profileKey, TABLE } from '../store/table-schema.ts';
import { unlessConditionFails } from '../store/table-writes.ts';

/** Index entries looked at for the next cover: the newest ones, some perhaps not shown any more. */
const CANDIDATES = 5;

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
    if ((await this.coverOf(slug)) !== imageId) return;
    const newest = await this.newestShown(slug, imageId);
    // Only if the withdrawn image is still the cover: a newer offer meanwhile stands.
    await unlessConditionFails(
      this.dynamo.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: profileKey(slug),
          UpdateExpression: newest
            ? 'SET #cover = :cover, #order = :order'
            : 'REMOVE #cover SET #order = :order',
          ConditionExpression: '#cover.imageId = :withdrawn',
          ExpressionAttributeNames: { '#cover': 'cover', '#order': 'coverOrder' },
          ExpressionAttributeValues: {
            ':withdrawn': imageId,
            ...(newest
              ? { ':cover': newest, ':order': shownOrder(newest) }
              : { ':order': NO_COVER_ORDER }),
          },
        }),
      ),
    );
  }

  /**
   * Makes the artist's cover a shown image: one whose record says it is no longer shown is
   * withdrawn, a missing one given when `anyShown`. What a race with the index left.
   * @returns whether the cover had to change.
   */
  async check(slug: string, anyShown: boolean): Promise<boolean> {
    const cover = await this.coverOf(slug);
    if (cover !== undefined) {
      // Its own record decides (read now: the optimizer may have just shown it).
      if (await this.shownRecord(slug, cover)) return false;
      await this.withdraw(slug, cover);
      return true;
    }
    if (!anyShown) return false;
    const newest = await this.newestShown(slug);
    if (newest) await this.offer(newest);
    return newest !== undefined;
  }

  /** The image id of the artist's cover, read consistently. */
  private async coverOf(slug: string): Promise<string | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({
        TableName: this.tableName,
        Key: profileKey(slug),
        ConsistentRead: true,
      }),
    );
    return (Item?.cover as { imageId?: string } | undefined)?.imageId;
  }

  /**
   * The artist's newest shown image but `except`. The index may lag a change (an image just
   * taken off or folded is still in it for a moment): each candidate's own record, read
   * consistently, says whether it is still shown.
   */
  private async newestShown(slug: string, except?: string): Promise<OkImageRecord | undefined> {
    const { items } = await queryCollection(
      this.dynamo,
      this.tableName,
      itemKeys.imagesCollection(slug),
      { limit: CANDIDATES, forward: false },
    );
    for (const item of items) {
      const imageId = item.imageId;
      if (typeof imageId !== 'string' || imageId === except) continue;
      const record = await this.shownRecord(slug, imageId);
      if (record) return record;
    }
    return undefined;
  }

  /** The image's record, read consistently, if it is shown. */
  private async shownRecord(slug: string, imageId: string): Promise<OkImageRecord | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({
        TableName: this.tableName,
        Key: imageKey(slug, imageId),
        ConsistentRead: true,
      }),
    );
    const record = okImageRecordSchema.safeParse(Item && withoutKeys(Item));
    return record.success ? (record.data as OkImageRecord) : undefined;
  }
}
