// The DynamoDB table: key schema, index and item keys, shared by Pulumi and the runtime.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { IMAGE_ID_PATTERN, SLUG_PATTERN } from '../vocabulary/identifiers.ts';

/**
 * One table holds artists and images. The single global secondary index is overloaded: it
 * lists artists (partition `ARTISTS`) and an artist's images newest first
 * (partition `IMAGES#<slug>`); records without its attributes (failed or duplicate images)
 * stay out of it.
 */
export const TABLE = {
  localName: 'portfolio',
  envVar: 'TABLE_NAME',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    byCollection: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  },
} as const;

/** Every key attribute of the table and its index; all are strings. */
export const KEY_ATTRIBUTES = [
  TABLE.partitionKey,
  TABLE.sortKey,
  TABLE.indexes.byCollection.partitionKey,
  TABLE.indexes.byCollection.sortKey,
] as const;

/** The CreateTable request for the stand-in (Pulumi builds the same shape from TABLE). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const index = TABLE.indexes.byCollection;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: KEY_ATTRIBUTES.map((name) => ({
      AttributeName: name,
      AttributeType: 'S',
    })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/**
 * The partitions the scraper writes to (source URLs, run reports), and the one the resize
 * function writes to (leases): IAM's dynamodb:LeadingKeys limits their roles to these.
 */
export const SCRAPER_PARTITIONS = ['SOURCES#*', 'RUN#*'] as const;
export const LEASE_PARTITIONS = ['LEASES#*'] as const;
export const DIRECTORY_PARTITIONS = ['DIRECTORY#*'] as const;
/**
 * The partitions the reconciler changes: image records, redrive counts and profiles (covers),
 * source URLs and holdings, the directory's index; never a run report or a lease.
 */
export const RECONCILER_PARTITIONS = ['ARTIST#*', 'SOURCES#*', 'DIRECTORY#*'] as const;

/** Item keys, built in one place. */
export const itemKeys = {
  artistPk: (slug: string) => `ARTIST#${slug}`,
  profileSk: 'PROFILE',
  imageSk: (imageId: string) => `IMAGE#${imageId}`,
  imageSkPrefix: 'IMAGE#',
  /**
   * Short-lived leases on an artist's images, held while one is decoded on demand: a partition
   * of their own, so the resize function may write leases and nothing else.
   */
  leasesPk: (slug: string) => `LEASES#${slug}`,
  leaseSk: (imageId: string) => `LEASE#${imageId}`,
  /**
   * Which original each source URL gave an artist, so a URL seen before is not downloaded
   * again: a partition of their own, so the scraper may write them (and run reports) and never
   * a public profile or image record.
   */
  sourcesPk: (slug: string) => `SOURCES#${slug}`,
  /** By the URL's SHA-256. */
  sourceSk: (urlSha256: string) => `SOURCE#${urlSha256}`,
  sourceSkPrefix: 'SOURCE#',
  /** How the last reads of one of an artist's sources went (in their SOURCES# partition). */
  syncSk: (sourceSha256: string) => `SYNC#${sourceSha256}`,
  syncSkPrefix: 'SYNC#',
  /** Which images one of an artist's sources holds (in their SOURCES# partition). */
  heldSk: (sourceSha256: string) => `HELD#${sourceSha256}`,
  heldSkPrefix: 'HELD#',
  /** How many times the reconciler handed an original to the optimizer again. */
  redriveSk: (imageId: string) => `REDRIVE#${imageId}`,
  /**
   * Which directory filters an artist is found under (their city, their styles, both): a
   * partition of its own, so the optimizer, which keeps it, may delete there and nowhere else.
   */
  directoryPk: (slug: string) => `DIRECTORY#${slug}`,
  /** The directory's cities: one item per artist with a city, sorted by city then slug. */
  citiesCollection: 'CITIES',
  /** An artist's item in the cities collection (in their directory partition). */
  citySk: 'CITY',
  /** The collection of the artists under a filter, e.g. `ARTISTS#city=lyon&style=blackwork`. */
  filteredArtistsCollection: (filter: string) => `ARTISTS#${filter}`,
  /**
   * That an artist was taken down, and when: all that is kept of them in the table, so their
   * address answers 410 (gone on purpose) rather than 404. A partition of its own.
   */
  takedownPk: (slug: string) => `TAKEDOWN#${slug}`,
  takedownSk: 'TAKEDOWN',
  /** An ingest run's per-artist reports. */
  runPk: (runId: string) => `RUN#${runId}`,
  artistsCollection: 'ARTISTS',
  imagesCollection: (slug: string) => `IMAGES#${slug}`,
  /** Newest first when queried backwards: the time the photo was taken (or found), then id. */
  imageOrder: (isoTime: string, imageId: string) => `${isoTime}#${imageId}`,
} as const;

/** An item's primary key, as the SDK's `Key` takes it. */
export const primaryKey = (pk: string, sk: string): Record<string, string> => ({
  [TABLE.partitionKey]: pk,
  [TABLE.sortKey]: sk,
});

/** The key of an artist's profile item. */
export const profileKey = (slug: string) => primaryKey(itemKeys.artistPk(slug), itemKeys.profileSk);

/** The key of an image's record. */
export const imageKey = (slug: string, imageId: string) =>
  primaryKey(itemKeys.artistPk(slug), itemKeys.imageSk(imageId));

/** A pattern's body without its anchors, to build key patterns from. */
const unanchored = (pattern: RegExp) => pattern.source.replace(/^\^/, '').replace(/\$$/, '');

/**
 * What each key `itemKeys` makes looks like, anchored: what the API checks a cursor's keys
 * against, so a forged cursor cannot reach another partition.
 */
export const itemKeyPatterns = {
  artistPk: new RegExp(`^ARTIST#${unanchored(SLUG_PATTERN)}$`),
  directoryPk: new RegExp(`^DIRECTORY#${unanchored(SLUG_PATTERN)}$`),
  imageSk: new RegExp(`^IMAGE#${unanchored(IMAGE_ID_PATTERN)}$`),
  imageOrder: new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z#${unanchored(IMAGE_ID_PATTERN)}$`),
} as const;
