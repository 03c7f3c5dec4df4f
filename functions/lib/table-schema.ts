// The DynamoDB table: key schema, index and item keys, shared by Pulumi and the runtime.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

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

/** Item keys, built in one place. */
export const itemKeys = {
  artistPk: (slug: string) => `ARTIST#${slug}`,
  profileSk: 'PROFILE',
  imageSk: (imageId: string) => `IMAGE#${imageId}`,
  imageSkPrefix: 'IMAGE#',
  /** A short-lived lease on one image, held while it is decoded on demand. */
  leaseSk: (imageId: string) => `LEASE#${imageId}`,
  /** Which original a source URL gave (by the URL's SHA-256), so it is not downloaded again. */
  sourceSk: (urlSha256: string) => `SOURCE#${urlSha256}`,
  sourceSkPrefix: 'SOURCE#',
  /** How many times the reconciler handed an original to the optimizer again. */
  redriveSk: (imageId: string) => `REDRIVE#${imageId}`,
  artistsCollection: 'ARTISTS',
  imagesCollection: (slug: string) => `IMAGES#${slug}`,
  /** Newest first when queried backwards: the time the photo was taken (or found), then id. */
  imageOrder: (isoTime: string, imageId: string) => `${isoTime}#${imageId}`,
} as const;
