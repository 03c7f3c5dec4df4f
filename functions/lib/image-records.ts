// Image metadata records in DynamoDB: read, written once (conditionally), listed per artist.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import type { SourceFormat } from './image-sniff.ts';
import type { ImageFormat } from './ladder.ts';
import type { Provenance } from './provenance.ts';
import { itemKeys, TABLE } from './table-schema.ts';

export interface VariantRecord {
  /** The ladder width in its URL. */
  slot: number;
  width: number;
  height: number;
  format: ImageFormat;
  key: string;
  bytes: number;
}

interface RecordBase {
  artist: string;
  imageId: string;
  rawKey: string;
  sha256: string;
  provenance: Provenance;
  processedAt: string;
}

/** An image made into its ladder and shown on the site. */
export interface OkImageRecord extends RecordBase {
  status: 'ok';
  sourceFormat: SourceFormat;
  width: number;
  height: number;
  hasAlpha: boolean;
  variants: VariantRecord[];
  placeholder: string;
  colour: string;
  phash: string;
}

/** The same photo as an image the artist already has (perceptual hash match). */
export interface DuplicateImageRecord extends RecordBase {
  status: 'duplicate';
  duplicateOf: string;
  phash: string;
}

/** An original that was refused, with a reason a person can read. Its raw object is kept. */
export interface FailedImageRecord extends RecordBase {
  status: 'failed';
  code: string;
  reason: string;
}

export type ImageRecord = OkImageRecord | DuplicateImageRecord | FailedImageRecord;

/** Access to image records in the table. SDK errors propagate: callers retry them. */
export class ImageRecords {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(slug: string, imageId: string): Promise<ImageRecord | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({
        TableName: this.tableName,
        Key: {
          [TABLE.partitionKey]: itemKeys.artistPk(slug),
          [TABLE.sortKey]: itemKeys.imageSk(imageId),
        },
        ConsistentRead: true,
      }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  /**
   * Writes a record unless one exists for the same image: the write that happens first wins,
   * and processing an original again changes nothing.
   * @returns false when a record was already there.
   */
  async putNew(record: ImageRecord): Promise<boolean> {
    const index = TABLE.indexes.byCollection;
    const item: Record<string, unknown> = {
      [TABLE.partitionKey]: itemKeys.artistPk(record.artist),
      [TABLE.sortKey]: itemKeys.imageSk(record.imageId),
      type: 'image',
      ...record,
    };
    // Only shown images enter the index the API pages through, newest first.
    if (record.status === 'ok') {
      const when = record.provenance.takenAt ?? record.provenance.scrapedAt ?? record.processedAt;
      item[index.partitionKey] = itemKeys.imagesCollection(record.artist);
      item[index.sortKey] = itemKeys.imageOrder(new Date(when).toISOString(), record.imageId);
    }
    try {
      await this.dynamo.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Every shown (`ok`) image of an artist with its perceptual hash. */
  async listHashes(slug: string): Promise<{ imageId: string; phash: string }[]> {
    const hashes: { imageId: string; phash: string }[] = [];
    const pages = paginateQuery(
      { client: this.dynamo },
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :images)',
        FilterExpression: '#status = :ok',
        ProjectionExpression: 'imageId, phash',
        ExpressionAttributeNames: {
          '#pk': TABLE.partitionKey,
          '#sk': TABLE.sortKey,
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ':pk': itemKeys.artistPk(slug),
          ':images': itemKeys.imageSkPrefix,
          ':ok': 'ok',
        },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? [])
        hashes.push({ imageId: item.imageId, phash: item.phash });
    }
    return hashes;
  }
}

function toRecord(item: Record<string, unknown>): ImageRecord {
  const {
    [TABLE.partitionKey]: _pk,
    [TABLE.sortKey]: _sk,
    [TABLE.indexes.byCollection.partitionKey]: _gpk,
    [TABLE.indexes.byCollection.sortKey]: _gsk,
    type: _type,
    ...record
  } = item;
  return record as unknown as ImageRecord;
}
