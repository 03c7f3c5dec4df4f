// Which images each of an artist's sources holds: what the last reads of a website or an
// Instagram account showed, by image id, and every image it ever gave. An image a source gave
// and no source holds any more was taken off at its source; the reconciler takes it off the
// site (functions/reconcile/source-removals.ts). Only a complete read says what a source no
// longer shows: a partial read adds what it saw, a failed one says nothing.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type SourceRead, sourceItemSha } from './source-syncs.ts';
import { TableItems } from './table-items.ts';
import { itemKeys, primaryKey } from './table-schema.ts';

/** What one read of one source showed. */
export interface SourceHolding extends Pick<SourceRead, 'source' | 'id' | 'attemptedAt'> {
  /** The ids of the images the read saw stored (downloaded now, or known from before). */
  imageIds: string[];
  /**
   * Whether the read saw everything the source shows: the read was complete, and every image
   * it found was either stored or refused for what it is (none was left by a failure that may
   * pass). Only then do the images it did not see count as taken off.
   */
  complete: boolean;
}

/** What the table keeps of a source's holdings. */
export interface HeldImages {
  source: SourceRead['source'];
  id: string;
  /** The images the source shows, as far as its reads know. */
  held: Set<string>;
  /** Every image the source ever gave. */
  given: Set<string>;
}

const idSet = z
  .instanceof(Set)
  .transform((set) => new Set([...set].filter((id): id is string => typeof id === 'string')));
const heldItemSchema = z.object({
  source: z.enum(['website', 'instagram']),
  id: z.string(),
  held: idSet.default(new Set()),
  given: idSet.default(new Set()),
});

export class SourceHoldings extends TableItems {
  /**
   * Records what a read saw: a complete read's images are then all the source holds; a
   * partial read's are added to what it held. A read that saw no image changes nothing (a
   * broken page looks like an empty one): it takes nothing off.
   */
  async record(slug: string, holding: SourceHolding): Promise<void> {
    if (holding.imageIds.length === 0) return;
    const seen = new Set(holding.imageIds);
    await this.dynamo.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(slug, holding),
        // One atomic update: the sets are DynamoDB string sets, added to in place.
        UpdateExpression: holding.complete
          ? 'SET #type = :type, #source = :source, id = :id, readAt = :at, held = :seen ADD given :seen'
          : 'SET #type = :type, #source = :source, id = :id, readAt = :at ADD held :seen, given :seen',
        ExpressionAttributeNames: { '#type': 'type', '#source': 'source' },
        ExpressionAttributeValues: {
          ':type': 'held',
          ':source': holding.source,
          ':id': holding.id,
          ':at': holding.attemptedAt,
          ':seen': seen,
        },
      }),
    );
  }

  /** What every source of the artist holds; an item that does not read as one is left out. */
  async list(slug: string): Promise<HeldImages[]> {
    const holdings: HeldImages[] = [];
    for await (const item of this.partition(itemKeys.sourcesPk(slug), itemKeys.heldSkPrefix)) {
      const parsed = heldItemSchema.safeParse(item);
      if (parsed.success) holdings.push(parsed.data);
    }
    return holdings;
  }

  private key(slug: string, read: Pick<SourceRead, 'source' | 'id'>) {
    return primaryKey(itemKeys.sourcesPk(slug), itemKeys.heldSk(sourceItemSha(read)));
  }
}
