// Image metadata records in DynamoDB: read, written once (conditionally), listed per artist.
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { TableItems } from '../store/table-items.ts';
import { imageKey, itemKeys, TABLE } from '../store/table-schema.ts';
import { unlessConditionFails } from '../store/table-writes.ts';
import { IMAGE_KINDS, type ImageKind } from './image-settings.ts';
import type { SourceFormat } from './image-sniff.ts';
import { IMAGE_FORMATS, type ImageFormat } from './ladder.ts';
import { type Provenance, provenanceSchema } from './provenance.ts';

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
  /** Photo or flat drawing (which encoder settings suit it); absent on older records. */
  kind?: ImageKind;
}

/**
 * What a stored shown image must hold to be served, checked at every read the API makes (a
 * record written by an older optimizer, or by hand, must not take a page down). The compiler
 * keeps it in step with OkImageRecord; other attributes (keys) pass through.
 */
export const okImageRecordSchema = z.looseObject({
  artist: z.string(),
  imageId: z.string(),
  rawKey: z.string(),
  sha256: z.string(),
  provenance: provenanceSchema,
  processedAt: z.string(),
  status: z.literal('ok'),
  sourceFormat: z.enum(['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff', 'heic']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  hasAlpha: z.boolean(),
  variants: z.array(
    z.object({
      slot: z.number().int().positive(),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      format: z.enum(IMAGE_FORMATS),
      key: z.string(),
      bytes: z.number().int().nonnegative(),
    }),
  ),
  placeholder: z.string(),
  colour: z.string(),
  phash: z.string(),
  kind: z.enum(IMAGE_KINDS).optional(),
}) satisfies z.ZodType<OkImageRecord>;

/**
 * The same photo as a better copy the artist has (perceptual hash match); not shown. An image
 * shown before a better copy arrived keeps its size, placeholder and colour.
 */
export interface DuplicateImageRecord extends RecordBase {
  status: 'duplicate';
  duplicateOf: string;
  phash: string;
  width: number;
  height: number;
}

/** What the duplicate check needs of each shown image. */
export interface ShownImageHash {
  imageId: string;
  phash: string;
  width: number;
  height: number;
}

/** An original that was refused, with a reason a person can read. Its raw object is kept. */
export interface FailedImageRecord extends RecordBase {
  status: 'failed';
  code: string;
  reason: string;
}

/**
 * An image its sources no longer show, taken off the site: out of the index, its variants
 * deleted. The original stays in the raw bucket (and the backup); when a source shows it again
 * the reconciler deletes this record and hands the original to the optimizer afresh.
 */
export interface RemovedImageRecord extends Omit<OkImageRecord, 'status' | 'variants'> {
  status: 'removed';
  removedAt: string;
  /** When the CDN was told to drop its copies (in AWS; none is kept locally). */
  forgottenAt?: string;
}

export type ImageRecord =
  | OkImageRecord
  | DuplicateImageRecord
  | FailedImageRecord
  | RemovedImageRecord;

/** What the reconciler needs of every record of an artist, checked at read. */
const recordStateSchema = z.object({
  imageId: z.string(),
  rawKey: z.string(),
  status: z.enum(['ok', 'duplicate', 'failed', 'removed']),
  processedAt: z.string(),
  duplicateOf: z.string().optional(),
  forgottenAt: z.string().optional(),
  code: z.string().optional(),
  reason: z.string().optional(),
  provenance: z.object({ sourceUrl: z.string().optional() }).optional(),
  variants: z.array(z.object({ key: z.string(), format: z.string().optional() })).optional(),
});

export type ImageRecordState = z.infer<typeof recordStateSchema>;

/**
 * A shown image's place in its artist's newest-first order (the index's sort key): when the
 * photo was taken, else found, else processed; then its id.
 */
export function shownOrder(record: OkImageRecord): string {
  const when = record.provenance.takenAt ?? record.provenance.scrapedAt ?? record.processedAt;
  return itemKeys.imageOrder(new Date(when).toISOString(), record.imageId);
}

/** The record an item holds, without the table's keys. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const {
    [TABLE.partitionKey]: _pk,
    [TABLE.sortKey]: _sk,
    [TABLE.indexes.byCollection.partitionKey]: _gpk,
    [TABLE.indexes.byCollection.sortKey]: _gsk,
    type: _type,
    ...record
  } = item;
  return record;
}

/** Access to image records in the table. SDK errors propagate: callers retry them. */
export class ImageRecords extends TableItems {
  async get(slug: string, imageId: string): Promise<ImageRecord | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({
        TableName: this.tableName,
        Key: imageKey(slug, imageId),
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
      item[index.partitionKey] = itemKeys.imagesCollection(record.artist);
      item[index.sortKey] = shownOrder(record);
    }
    return this.writeIf(
      new PutCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
      }),
    );
  }

  /**
   * Marks a shown image as a duplicate of a better copy and takes it out of the index, if it
   * is still shown.
   * @returns the record as it was (with its variants, for the caller to delete), or undefined
   *   when it was not shown any more.
   */
  async demote(
    slug: string,
    imageId: string,
    duplicateOf: string,
  ): Promise<OkImageRecord | undefined> {
    return this.unshow(slug, imageId, 'duplicateOf = :of', {
      ':status': 'duplicate',
      ':of': duplicateOf,
    });
  }

  /**
   * Takes a shown image off the site (its sources no longer show it): out of the index, its
   * variants no longer named, if it is still shown.
   * @returns the record as it was (with its variants, for the caller to delete), or undefined
   *   when it was not shown any more.
   */
  async takeOff(slug: string, imageId: string, at: Date): Promise<OkImageRecord | undefined> {
    return this.unshow(slug, imageId, 'removedAt = :at', {
      ':status': 'removed',
      ':at': at.toISOString(),
    });
  }

  /**
   * Gives a shown image the status `:status` (and sets `set`), out of the index and without
   * its variants, if it is still shown.
   * @returns the record as it was, or undefined when it was not shown any more.
   */
  private async unshow(
    slug: string,
    imageId: string,
    set: string,
    values: { ':status': ImageRecord['status'] } & Record<string, unknown>,
  ): Promise<OkImageRecord | undefined> {
    const index = TABLE.indexes.byCollection;
    return this.updateShown(slug, imageId, {
      UpdateExpression: `SET #status = :status, ${set} REMOVE #gpk, #gsk, variants`,
      ConditionExpression: '#status = :ok',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#gpk': index.partitionKey,
        '#gsk': index.sortKey,
      },
      ExpressionAttributeValues: { ...values, ':ok': 'ok' },
      ReturnValues: 'ALL_OLD',
    });
  }

  /** Notes that the CDN was told to drop a taken-off image's copies, if it is still taken off. */
  async markForgotten(slug: string, imageId: string, at: Date): Promise<boolean> {
    return this.writeIf(
      new UpdateCommand({
        TableName: this.tableName,
        Key: imageKey(slug, imageId),
        UpdateExpression: 'SET forgottenAt = :at',
        ConditionExpression: '#status = :removed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':at': at.toISOString(), ':removed': 'removed' },
      }),
    );
  }

  /**
   * Deletes a taken-off image's record, if it is still taken off, so its original goes
   * through the optimizer again (a source shows it again).
   */
  async removeTakenOff(slug: string, imageId: string): Promise<boolean> {
    return this.removeIf(slug, imageId, 'removed');
  }

  /**
   * Adds `variants` (of formats it lacked) to a shown image's record, and its kind, if it is
   * still shown and its variants are still those of `record`.
   * @returns the record as it is now, or undefined when it changed meanwhile.
   */
  async addVariants(
    record: OkImageRecord,
    variants: VariantRecord[],
    kind: ImageKind,
  ): Promise<OkImageRecord | undefined> {
    return this.updateShown(record.artist, record.imageId, {
      UpdateExpression: 'SET variants = list_append(variants, :added), #kind = :kind',
      ConditionExpression: '#status = :ok AND size(variants) = :count',
      ExpressionAttributeNames: { '#status': 'status', '#kind': 'kind' },
      ExpressionAttributeValues: {
        ':added': variants,
        ':kind': kind,
        ':ok': 'ok',
        ':count': record.variants.length,
      },
      ReturnValues: 'ALL_NEW',
    });
  }

  /**
   * A conditional update of a shown image's record.
   * @returns the record as `update.ReturnValues` says (before or after), or undefined when
   *   the condition did not hold.
   */
  private async updateShown(
    slug: string,
    imageId: string,
    update: Omit<UpdateCommandInput, 'TableName' | 'Key'>,
  ): Promise<OkImageRecord | undefined> {
    const output = await unlessConditionFails(
      this.dynamo.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: imageKey(slug, imageId),
          ...update,
        }),
      ),
    );
    return output?.Attributes ? (toRecord(output.Attributes) as OkImageRecord) : undefined;
  }

  /**
   * The state of every image record of an artist (status, original, and its variants when
   * asked for); a malformed one is told to `onMalformed` and left out.
   */
  async listStates(
    slug: string,
    onMalformed: (key: string, problem: string) => void,
    options: { variants?: boolean } = {},
  ): Promise<ImageRecordState[]> {
    const states: ImageRecordState[] = [];
    const pages = this.imageItems(slug, {
      projection: `#pk, #sk, imageId, rawKey, #status, processedAt, duplicateOf, forgottenAt, code, reason, provenance${options.variants ? ', variants' : ''}`,
    });
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const parsed = recordStateSchema.safeParse(item);
        if (parsed.success) states.push(parsed.data);
        else
          onMalformed(`${item[TABLE.partitionKey]}/${item[TABLE.sortKey]}`, parsed.error.message);
      }
    }
    return states;
  }

  /** Deletes a refused image's record (so its original can be processed again), if still refused. */
  async removeFailed(slug: string, imageId: string): Promise<boolean> {
    return this.removeIf(slug, imageId, 'failed');
  }

  /** Deletes an image's record if its status is still `status`. */
  private async removeIf(
    slug: string,
    imageId: string,
    status: ImageRecord['status'],
  ): Promise<boolean> {
    return this.writeIf(
      new DeleteCommand({
        TableName: this.tableName,
        Key: imageKey(slug, imageId),
        ConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status },
      }),
    );
  }

  /** Every shown (`ok`) image of an artist with its perceptual hash and size. */
  async listHashes(slug: string): Promise<ShownImageHash[]> {
    const hashes: ShownImageHash[] = [];
    const pages = this.imageItems(slug, {
      projection: 'imageId, phash, width, height',
      onlyShown: true,
    });
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const { imageId, phash, width, height } = item;
        hashes.push({ imageId, phash, width, height });
      }
    }
    return hashes;
  }

  /** The pages of an artist's image items, with these attributes; only shown ones if asked. */
  private imageItems(slug: string, query: { projection: string; onlyShown?: boolean }) {
    return paginateQuery(
      { client: this.dynamo },
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :images)',
        ProjectionExpression: query.projection,
        ...(query.onlyShown && { FilterExpression: '#status = :ok' }),
        ExpressionAttributeNames: {
          '#pk': TABLE.partitionKey,
          '#sk': TABLE.sortKey,
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ':pk': itemKeys.artistPk(slug),
          ':images': itemKeys.imageSkPrefix,
          ...(query.onlyShown && { ':ok': 'ok' }),
        },
      },
    );
  }
}

function toRecord(item: Record<string, unknown>): ImageRecord {
  return withoutKeys(item) as unknown as ImageRecord;
}
