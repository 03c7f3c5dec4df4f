// What the API reads from the table: artists by slug, an artist's profile, an artist's shown
// images newest first. Only GetItem and Query on the index: a visitor's request never scans.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import {
  type Artist,
  ArtistRegistry,
  type MalformedItem,
  reportMalformed,
  warnMalformed,
} from '../artists/artists.ts';
import { citiesOf, type DirectoryCity } from '../artists/directory-index.ts';
import { Takedowns } from '../artists/takedowns.ts';
import { type OkImageRecord, okImageRecordSchema } from '../images/image-records.ts';
import { type SourceSync, SourceSyncs } from '../sources/source-syncs.ts';
import { type Page, type PageKey, queryCollection } from '../store/collections.ts';
import { itemKeys, profileKey, TABLE } from '../store/table-schema.ts';
import { STYLES, type Style } from '../vocabulary/styles.ts';

export type { Page, PageKey };

/**
 * An artist as the directory lists them: with their cover (newest shown image) when their
 * profile keeps it, `null` when it says they have none, absent when it does not say (a profile
 * written before covers were kept: the API then reads the cover from the images).
 */
export type ListedArtist = Artist & { cover?: OkImageRecord | null; styles: Style[] };

/** The styles a profile keeps (DirectoryIndex); none when it keeps none, unknown ones dropped. */
function parseStyles(value: unknown): Style[] {
  if (!Array.isArray(value)) return [];
  // In the order kept (most carried first), once each.
  return [...new Set(value)].filter((style): style is Style =>
    (STYLES as readonly unknown[]).includes(style),
  );
}

/** The reads the API needs; an in-memory catalog stands in for it in the benchmark. */
export interface Catalog {
  /** The directory, or (with `filter`, a directory filter's name) the artists under a filter. */
  listArtists(limit: number, after?: PageKey, filter?: string): Promise<Page<ListedArtist>>;
  getArtist(slug: string): Promise<Artist | undefined>;
  /** Every city of the directory, by key, with how many artists are there. */
  listCities(): Promise<DirectoryCity[]>;
  /** How each of the artist's sources was last read. */
  listSyncs(slug: string): Promise<SourceSync[]>;
  listImages(slug: string, limit: number, after?: PageKey): Promise<Page<OkImageRecord>>;
  /** When the artist `slug` was taken down; undefined when they never were. */
  takenDownAt(slug: string): Promise<string | undefined>;
}

/** Where reading the cities stops: beyond this many artists with a city, the list is cut. */
const MAX_CITY_ITEMS = 10_000;

export class DynamoCatalog implements Catalog {
  private readonly registry: ArtistRegistry;
  private readonly takedowns: Takedowns;

  /** @param onMalformed told of each stored item skipped because it does not read as it should. */
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly onMalformed: MalformedItem = warnMalformed,
  ) {
    this.registry = new ArtistRegistry(dynamo, tableName, onMalformed);
    this.takedowns = new Takedowns(dynamo, tableName);
  }

  async listArtists(limit: number, after?: PageKey, filter?: string): Promise<Page<ListedArtist>> {
    if (filter === undefined) {
      const page = await this.queryCollection(itemKeys.artistsCollection, limit, true, after);
      return { items: page.items.flatMap((item) => this.listed(item)), next: page.next };
    }
    // The filter's index items name the artists; each profile is one GetItem.
    const page = await this.queryCollection(
      itemKeys.filteredArtistsCollection(filter),
      limit,
      true,
      after,
    );
    const profiles = await Promise.all(
      page.items.map(async (item) => {
        const { Item } = await this.dynamo.send(
          new GetCommand({
            TableName: this.tableName,
            Key: profileKey(String(item[TABLE.indexes.byCollection.sortKey])),
          }),
        );
        // An artist taken down while their entry was being written is not listed.
        return Item ? this.listed(Item) : [];
      }),
    );
    return { items: profiles.flat(), next: page.next };
  }

  /** A profile item as the directory lists it; a record that does not read as one, left out. */
  private listed(item: Record<string, NativeAttributeValue>): ListedArtist[] {
    const artist = this.registry.parse(item);
    if (!artist) return [];
    const withStyles = { ...artist, styles: parseStyles(item.styles) };
    if (typeof item.coverOrder !== 'string') return [withStyles];
    if (item.cover === undefined) return [{ ...withStyles, cover: null }];
    const cover = okImageRecordSchema.safeParse(item.cover);
    if (cover.success) return [{ ...withStyles, cover: cover.data as OkImageRecord }];
    // A cover that does not read as a shown image: the API reads it from the images.
    reportMalformed(this.onMalformed, item, cover.error);
    return [withStyles];
  }

  getArtist(slug: string): Promise<Artist | undefined> {
    return this.registry.get(slug);
  }

  listSyncs(slug: string): Promise<SourceSync[]> {
    return new SourceSyncs(this.dynamo, this.tableName).list(slug);
  }

  async listCities(): Promise<DirectoryCity[]> {
    const items: Record<string, NativeAttributeValue>[] = [];
    let after: PageKey | undefined;
    // One item per artist with a city: a few pages for thousands of artists (docs/cost.md).
    do {
      const page = await this.queryCollection(itemKeys.citiesCollection, 1000, true, after);
      items.push(...page.items);
      after = page.next;
    } while (after && items.length < MAX_CITY_ITEMS);
    return citiesOf(items);
  }

  takenDownAt(slug: string): Promise<string | undefined> {
    return this.takedowns.takenDownAt(slug);
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

  private queryCollection(
    collection: string,
    limit: number,
    forward: boolean,
    after?: PageKey,
  ): Promise<Page<Record<string, NativeAttributeValue>>> {
    return queryCollection(this.dynamo, this.tableName, collection, { limit, forward, after });
  }
}
