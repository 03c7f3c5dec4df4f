// Which images each of an artist's sources holds: what the last reads of a website or an
// Instagram account showed, by image id, and every image it ever gave. An image a source gave
// and no source holds any more was taken off at its source; the reconciler takes it off the
// site (core/reconcile/source-removals.ts). Only a complete read says what a source no
// longer shows: a partial read adds what it saw, a failed one says nothing.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { TableItems } from '../store/table-items.ts';
import { itemKeys, primaryKey } from '../store/table-schema.ts';
import { type SourceRead, sourceItemSha } from './source-syncs.ts';

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

/**
 * A complete read that no longer shows at least this many of the images its source held, and
 * more than half of them, is taken at its word only when the next complete read agrees: a
 * site that broke or changed its markup looks like a portfolio taken down.
 */
export const MASS_DROP = 4;

/** What recording a read did. */
export type HoldingOutcome =
  /** Written as the read says. */
  | { status: 'held' }
  /** A complete read that dropped much of the source (MASS_DROP): added to, kept for the next. */
  | { status: 'unconfirmed'; dropped: number; held: number }
  /** A complete read older than one written already (overlapping runs): left out. */
  | { status: 'older' }
  /** The read saw no image (a broken page looks like an empty one): nothing changed. */
  | { status: 'nothing' };

export class SourceHoldings extends TableItems {
  /**
   * Records what a read saw: a complete read's images are then all the source holds (unless
   * it drops much of it for the first time: see MASS_DROP); a partial read's are added to what
   * it held. A read that saw no image changes nothing: it takes nothing off.
   */
  async record(slug: string, holding: SourceHolding): Promise<HoldingOutcome> {
    if (holding.imageIds.length === 0) return { status: 'nothing' };
    const seen = new Set(holding.imageIds);
    const key = this.key(slug, holding);
    const update = (expression: string, condition?: string) =>
      this.writeIf(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          // One atomic update: the sets are DynamoDB string sets, changed in place.
          UpdateExpression: `SET #type = :type, #source = :source, id = :id, ${expression}`,
          ...(condition && { ConditionExpression: condition }),
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
    const add = 'readAt = :at ADD held :seen, given :seen';
    if (!holding.complete) {
      await update(add);
      return { status: 'held' };
    }
    const { Item } = await this.dynamo.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    const before = heldItemSchema.safeParse(Item ?? {});
    const held = before.success ? before.data.held : new Set<string>();
    const dropped = [...held].filter((id) => !seen.has(id)).length;
    if (dropped >= MASS_DROP && dropped * 2 > held.size && Item?.unconfirmedAt === undefined) {
      await update(`unconfirmedAt = :at, ${add}`);
      return { status: 'unconfirmed', dropped, held: held.size };
    }
    const written = await update(
      'readAt = :at, completeAt = :at, held = :seen REMOVE unconfirmedAt ADD given :seen',
      'attribute_not_exists(completeAt) OR completeAt <= :at',
    );
    return { status: written ? 'held' : 'older' };
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
