// The artist registry: who is scraped, from where. Records are validated at every entry.
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { TableItems } from '../store/table-items.ts';
import { itemKeys, profileKey, TABLE } from '../store/table-schema.ts';
import { httpUrlSchema, slugSchema } from '../vocabulary/identifiers.ts';
import { INSTAGRAM_HANDLE } from '../vocabulary/instagram-handle.ts';
import { STYLES, type Style } from '../vocabulary/styles.ts';
import { NO_COVER_ORDER } from './artist-covers.ts';

/** Instagram handles: letters, digits, periods and underscores, up to 30, no leading/trailing or double period. */
export const instagramHandleSchema = z
  .string()
  .transform((handle) => handle.replace(/^@/, '').toLowerCase())
  .pipe(
    z
      .string()
      .regex(INSTAGRAM_HANDLE, 'Expected an Instagram handle (letters, digits, . and _, up to 30)'),
  );

const websiteSchema = httpUrlSchema.refine(
  (url) => !new URL(url).username && !new URL(url).password,
  'Expected a URL without credentials',
);

/** How to reach the artist: an address to write to, or a contact form. */
export const contactSchema = z
  .string()
  .trim()
  .refine(
    (value) => z.email().safeParse(value).success || httpUrlSchema.safeParse(value).success,
    'Expected an email address or an http(s) URL',
  );

/** What the operator says about booking; every field is optional. */
export const bookingSchema = z.object({
  /** Where to book (a booking page, a form, a shop's calendar). */
  url: websiteSchema.optional(),
  /** An email address or a contact form's URL. */
  contact: contactSchema.optional(),
  /** Whether the artist takes new bookings; absent: not said. */
  open: z.boolean().optional(),
  /** A line beside it, e.g. "Books open for March" or "Waitlist only". */
  note: z.string().trim().min(1).max(140).optional(),
});
export type Booking = z.infer<typeof bookingSchema>;

export const artistSchema = z.object({
  slug: slugSchema,
  name: z.string().trim().min(1, 'Expected a name').max(120),
  studio: z.string().trim().max(120).optional(),
  city: z.string().trim().max(120).optional(),
  websites: z.array(websiteSchema).max(10).default([]),
  instagram: instagramHandleSchema.optional(),
  booking: bookingSchema.optional(),
  active: z.boolean().default(true),
});

/** The fields `update` may change: all but the slug (and active, which has its own switch). */
export const ARTIST_FIELDS = [
  'name',
  'studio',
  'city',
  'websites',
  'instagram',
  'booking',
] as const;
export type ArtistChanges = Partial<
  Pick<Artist, Exclude<(typeof ARTIST_FIELDS)[number], 'booking'>>
> & {
  /** Booking fields to set; null takes one off (the others stay as they are). */
  booking?: { [K in keyof Booking]?: Booking[K] | null };
  /** Optional fields to take off the profile. */
  remove?: ('studio' | 'city' | 'instagram' | 'booking')[];
};

export type Artist = z.infer<typeof artistSchema>;

/** Told of a stored item that does not read as what it should be: its key and the problem. */
export type MalformedItem = (key: string, problem: string) => void;

/** Reports a stored `item` that failed its schema, by its table key and the problems. */
export function reportMalformed(
  onMalformed: MalformedItem,
  item: Record<string, unknown>,
  error: z.ZodError,
): void {
  onMalformed(
    `${String(item[TABLE.partitionKey])}/${String(item[TABLE.sortKey])}`,
    error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
  );
}

/** The default report of a malformed item: one JSON line on stderr (CloudWatch in a Lambda). */
export const warnMalformed: MalformedItem = (key, problem) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'WARN', message: 'malformed item skipped', key, problem })}\n`,
  );
};

export class ArtistRegistry extends TableItems {
  /**
   * @param onMalformed told of each artist record that does not read as an artist; such a
   *   record is skipped (a directory, a plan, a list never fail for one bad record).
   */
  constructor(
    dynamo: DynamoDBDocumentClient,
    tableName: string,
    private readonly onMalformed: MalformedItem = warnMalformed,
  ) {
    super(dynamo, tableName);
  }

  /** The artist an item holds, or undefined (reported) when it does not read as one. */
  parse(item: Record<string, unknown>): Artist | undefined {
    const artist = artistSchema.safeParse(item);
    if (artist.success) return artist.data;
    reportMalformed(this.onMalformed, item, artist.error);
    return undefined;
  }

  /**
   * Registers an artist.
   * @returns false when the slug is taken.
   */
  async add(artist: Artist, now = new Date()): Promise<boolean> {
    const index = TABLE.indexes.byCollection;
    return this.writeIf(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          [TABLE.partitionKey]: itemKeys.artistPk(artist.slug),
          [TABLE.sortKey]: itemKeys.profileSk,
          [index.partitionKey]: itemKeys.artistsCollection,
          [index.sortKey]: artist.slug,
          type: 'artist',
          ...artist,
          createdAt: now.toISOString(),
          // No cover yet, and known to have none (ArtistCovers keeps it from here).
          coverOrder: NO_COVER_ORDER,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
      }),
    );
  }

  /** The artist; `consistent` to see every write acknowledged before the read. */
  async get(slug: string, { consistent = false } = {}): Promise<Artist | undefined> {
    return (await this.getWithStyles(slug, { consistent }))?.artist;
  }

  /**
   * The artist and the styles their profile says (what the directory last found; undefined on
   * a profile written before styles were kept, or holding something else).
   */
  async getWithStyles(
    slug: string,
    { consistent = false } = {},
  ): Promise<{ artist: Artist; styles: Style[] | undefined } | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({
        TableName: this.tableName,
        Key: profileKey(slug),
        ConsistentRead: consistent,
      }),
    );
    if (!Item) return undefined;
    const artist = this.parse(Item);
    if (!artist) return undefined;
    const styles = z.array(z.enum(STYLES)).safeParse(Item.styles);
    return { artist, styles: styles.success ? styles.data : undefined };
  }

  /** Every registered artist, by slug (a Query on the index, never a Scan). */
  async list(): Promise<Artist[]> {
    const index = TABLE.indexes.byCollection;
    const artists: Artist[] = [];
    const pages = paginateQuery(
      { client: this.dynamo },
      {
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :artists',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':artists': itemKeys.artistsCollection },
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? []) {
        const artist = this.parse(item);
        if (artist) artists.push(artist);
      }
    return artists;
  }

  /**
   * Changes an artist's fields, the rest of the profile (cover, creation time) left as it is.
   * @returns the artist as changed, undefined when no such artist.
   * @throws {z.ZodError} when the changed artist would not be valid (nothing is written).
   */
  async update(slug: string, changes: ArtistChanges): Promise<Artist | undefined> {
    const current = await this.get(slug);
    if (!current) return undefined;
    const { remove = [], booking, ...set } = changes;
    const merged: Record<string, unknown> = { ...current, ...set };
    if (booking) {
      const kept: Record<string, unknown> = { ...current.booking };
      for (const [field, value] of Object.entries(booking)) {
        if (value === null) delete kept[field];
        else if (value !== undefined) kept[field] = value;
      }
      merged.booking = Object.keys(kept).length > 0 ? kept : undefined;
    }
    for (const field of remove) delete merged[field];
    const artist = artistSchema.parse(merged);
    const names: Record<string, string> = { '#pk': TABLE.partitionKey };
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    for (const field of ARTIST_FIELDS) {
      names[`#${field}`] = field;
      if (artist[field] === undefined) removes.push(`#${field}`);
      else {
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = artist[field];
      }
    }
    const written = await this.writeIf(
      new UpdateCommand({
        TableName: this.tableName,
        Key: profileKey(slug),
        UpdateExpression: [
          `SET ${sets.join(', ')}`,
          ...(removes.length > 0 ? [`REMOVE ${removes.join(', ')}`] : []),
        ].join(' '),
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return written ? artist : undefined;
  }

  /** Turns scraping of an artist on or off; false when no such artist. */
  setActive(slug: string, active: boolean): Promise<boolean> {
    return this.setOnProfile(slug, { active });
  }

  /**
   * Sets attributes of the artist's profile, only while it exists (a takedown in between must
   * not bring it back); false when there is no such artist.
   */
  setOnProfile(slug: string, attributes: Record<string, unknown>): Promise<boolean> {
    const names = Object.keys(attributes);
    return this.writeIf(
      new UpdateCommand({
        TableName: this.tableName,
        Key: profileKey(slug),
        UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :a${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: {
          '#pk': TABLE.partitionKey,
          ...Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
        },
        ExpressionAttributeValues: Object.fromEntries(
          names.map((name, i) => [`:a${i}`, attributes[name]]),
        ),
      }),
    );
  }

  /** Removes the artist's profile record only (the takedown removes the rest). */
  async removeProfile(slug: string): Promise<void> {
    await this.dynamo.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { [TABLE.partitionKey]: itemKeys.artistPk(slug), [TABLE.sortKey]: itemKeys.profileSk },
      }),
    );
  }
}
