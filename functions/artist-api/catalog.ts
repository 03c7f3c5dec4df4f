// What the API reads from the table: artists by slug, an artist's profile, an artist's shown
// images newest first. Only GetItem and Query on the index: a visitor's request never scans.
import {
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Artist,
  ArtistRegistry,
  type MalformedItem,
  reportMalformed,
  warnMalformed,
} from '../lib/artists.ts';
import { type OkImageRecord, okImageRecordSchema } from '../lib/image-records.ts';
import { itemKeys, KEY_ATTRIBUTES, TABLE } from '../lib/table-schema.ts';

/** Where a page ends: DynamoDB's LastEvaluatedKey, handed back as the next ExclusiveStartKey. */
export type PageKey = Record<string, NativeAttributeValue>;

export interface Page<T> {
  items: T[];
  next?: PageKey | undefined;
}

/**
 * An artist as the directory lists them: with their cover (newest shown image) when their
 * profile keeps it, `null` when it says they have none, absent when it does not say (a profile
 * written before covers were kept: the API then reads the cover from the images).
 */
export type ListedArtist = Artist & { cover?: OkImageRecord | null };

/** The reads the API needs; an in-memory catalog stands in for it in the benchmark. */
export interface Catalog {
  listArtists(limit: number, after?: PageKey): Promise<Page<ListedArtist>>;
  getArtist(slug: string): Promise<Artist | undefined>;
  listImages(slug: string, limit: number, after?: PageKey): Promise<Page<OkImageRecord>>;
}

export class DynamoCatalog implements Catalog {
  private readonly registry: ArtistRegistry;

  /** @param onMalformed told of each stored item skipped because it does not read as it should. */
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly onMalformed: MalformedItem = warnMalformed,
  ) {
    this.registry = new ArtistRegistry(dynamo, tableName, onMalformed);
  }

  async listArtists(limit: number, after?: PageKey): Promise<Page<ListedArtist>> {
    const page = await this.queryCollection(itemKeys.artistsCollection, limit, true, after);
    // A record that does not read as an artist is left out rather than failing the directory.
    const items = page.items.flatMap((item): ListedArtist[] => {
      const artist = this.registry.parse(item);
      if (!artist) return [];
      if (typeof item.coverOrder !== 'string') return [artist];
      if (item.cover === undefined) return [{ ...artist, cover: null }];
      const cover = okImageRecordSchema.safeParse(item.cover);
      if (cover.success) return [{ ...artist, cover: cover.data as OkImageRecord }];
      // A cover that does not read as a shown image: the API reads it from the images.
      reportMalformed(this.onMalformed, item, cover.error);
      return [artist];
    });
    return { items, next: page.next };
  }

  getArtist(slug: string): Promise<Artist | undefined> {
    return this.registry.get(slug);
  }

  async listImages(slug: string, limit: number, after?: PageKey): Promise<Page<OkImageRecord>> {
    const page = await this.queryCollection(itemKeys.imagesCollection(slug), limit, false, after);
    // Only shown images are in this partition of the index (the optimizer puts them there).
    return {
      items: page.items.flatMap((item) => {
        if (item.status !== 'ok') return [];
        // A record that does not read as a shown image is left out (and reported), not served.
        const record = okImageRecordSchema.safeParse(item);
        if (record.success) return [record.data as OkImageRecord];
        reportMalformed(this.onMalformed, item, record.error);
        return [];
      }),
      next: page.next,
    };
  }

  private async queryCollection(
    collection: string,
    limit: number,
    forward: boolean,
    after?: PageKey,
  ): Promise<Page<Record<string, NativeAttributeValue>>> {
    const index = TABLE.indexes.byCollection;
    // One item more than asked says whether there is a next page, so a cursor never leads to
    // an empty page.
    const { Items = [] } = await this.dynamo.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :collection',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':collection': collection },
        ScanIndexForward: forward,
        Limit: limit + 1,
        ...(after && { ExclusiveStartKey: after }),
      }),
    );
    const items = Items.slice(0, limit);
    const last = items[items.length - 1];
    return { items, next: Items.length > limit && last ? keyOf(last) : undefined };
  }
}

/** The table and index keys of an item: what DynamoDB takes as ExclusiveStartKey. */
function keyOf(item: Record<string, NativeAttributeValue>): PageKey {
  return Object.fromEntries(KEY_ATTRIBUTES.map((name) => [name, item[name]]));
}
