// How fresh an artist's portfolio is, per source (each website, their Instagram): the last
// attempt and its outcome in words, the last successful read, and how much of the source was
// read where it says how much it holds. The scraper records one after each read; the API shows
// them, and the artist page says "updated 3 days ago" and, quietly, which source is failing.
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { TableItems } from '../store/table-items.ts';
import { itemKeys, primaryKey } from '../store/table-schema.ts';

const count = z.number().int().nonnegative();
const time = z.iso.datetime({ offset: true });

/** One read of one source, as the scraper reports it. */
export const sourceReadSchema = z.object({
  source: z.enum(['website', 'instagram']),
  /** The website's start URL, or the Instagram handle. */
  id: z.string().min(1),
  attemptedAt: time,
  /** ok: read whole; partial: read, but not all of it; failed: nothing read. */
  outcome: z.enum(['ok', 'partial', 'failed']),
  /** Why it was partial or failed, in words ("robots.txt disallows the gallery"). */
  reason: z.string().max(200).optional(),
  /** Pages (a website) or posts (Instagram) read. */
  read: count,
  /** How many the source holds, where it says (pages found on the site). */
  total: count.optional(),
  /** Whether everything the source shows was read: no truncation, no error. */
  complete: z.boolean(),
});
export type SourceRead = z.infer<typeof sourceReadSchema>;

/** What is kept of a source: its last read, and when a read last went through. */
export const sourceSyncSchema = sourceReadSchema.extend({ lastSuccessAt: time.optional() });
export type SourceSync = z.infer<typeof sourceSyncSchema>;

export class SourceSyncs extends TableItems {
  /** Records `read`, keeping when the source was last read successfully. */
  /** @throws {z.ZodError} for a read that is not one (nothing is written). */
  async record(slug: string, given: SourceRead): Promise<SourceSync> {
    const read = sourceReadSchema.parse(given);
    const key = this.key(slug, read);
    const { Item } = await this.dynamo.send(
      new GetCommand({ TableName: this.tableName, Key: key }),
    );
    const before = sourceSyncSchema.safeParse(Item);
    const lastSuccessAt =
      read.outcome === 'failed'
        ? before.success
          ? before.data.lastSuccessAt
          : undefined
        : read.attemptedAt;
    const sync: SourceSync = { ...read, ...(lastSuccessAt && { lastSuccessAt }) };
    await this.dynamo.send(
      new PutCommand({ TableName: this.tableName, Item: { ...key, type: 'sync', ...sync } }),
    );
    return sync;
  }

  /** Every source's sync of the artist; a record that does not read as one is left out. */
  async list(slug: string): Promise<SourceSync[]> {
    const syncs: SourceSync[] = [];
    for await (const item of this.partition(itemKeys.sourcesPk(slug), itemKeys.syncSkPrefix)) {
      const sync = sourceSyncSchema.safeParse(item);
      if (sync.success) syncs.push(sync.data);
    }
    return syncs.sort((a, b) => a.source.localeCompare(b.source) || a.id.localeCompare(b.id));
  }

  private key(slug: string, read: Pick<SourceRead, 'source' | 'id'>) {
    return primaryKey(itemKeys.sourcesPk(slug), itemKeys.syncSk(sourceItemSha(read)));
  }
}

/** What a source's items in its artist's SOURCES# partition are named by: its kind and id. */
export function sourceItemSha(read: Pick<SourceRead, 'source' | 'id'>): string {
  return createHash('sha256').update(`${read.source}\n${read.id}`).digest('hex');
}
