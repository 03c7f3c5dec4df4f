// Removed at the source, removed here: an artist's shown images made to agree with what their
// sources hold (core/sources/source-holdings.ts). A photo is taken off the site when a source
// gave it and none holds it any more, counting every copy of it the artist has (the same photo
// on Instagram and on the studio site is one image: it stays while either shows it). Taken off
// means out of the index and off the cover, its variants deleted (the directory's filters follow
// when the reconciler refreshes the artist's entry, and the CDN is told once per run); the
// original stays in the raw bucket and the backup. A photo a source shows again comes back: its
// record is deleted and its original goes through the optimizer afresh. Level-triggered, so a
// run cut short (a crash, the bound) leaves what the next run completes.
import type { S3Client } from '@aws-sdk/client-s3';
import type { ArtistCovers } from '../artists/artist-covers.ts';
import type { ImageRecordState, ImageRecords } from '../images/image-records.ts';
import { parseVariantKey } from '../images/object-keys.ts';
import type { Logger } from '../platform/logger.ts';
import type { HeldImages, SourceHoldings } from '../sources/source-holdings.ts';
import { deleteObjects, type ListedObject } from '../store/object-store.ts';

export interface SourceRemovalDependencies {
  s3: S3Client;
  records: ImageRecords;
  holdings: SourceHoldings;
  covers: ArtistCovers;
  optimizedBucket: string;
  now: () => Date;
  logger: Logger;
}

/** What the reconciler knows of an artist when it settles them with their sources. */
export interface ArtistState {
  slug: string;
  records: readonly ImageRecordState[];
  /** Their variants in the optimized bucket. */
  variants: readonly ListedObject[];
  /** The image ids of their originals in the raw bucket. */
  originals: ReadonlySet<string>;
  /**
   * The image ids of originals on their way through the optimizer (no record yet, or a
   * refusal to look at again): not those it gave up on.
   */
  inFlight: ReadonlySet<string>;
}

/** What settling one artist with their sources did. */
export interface SourceSettlement {
  /** Images taken off the site now, by id. */
  takenOff: string[];
  /** Originals of images a source shows again, for the optimizer (their records deleted). */
  returned: string[];
  /** Variant keys deleted. */
  deleted: Set<string>;
  /**
   * Images to take off or bring back left for the next run: the bound was reached, or an
   * original a source holds is still on its way through the optimizer (it may be a new copy
   * of a photo that would otherwise leave).
   */
  deferred: number;
  /** Images taken off whose copies the CDN has not been told to drop yet. */
  unforgotten: string[];
}

/** Copies are followed this far up their `duplicateOf` chain (a loop in the records ends it). */
const MAX_CHAIN = 10;

/**
 * Makes the shown images of an artist agree with what their sources hold. Images no source
 * ever recorded are left alone.
 */
export async function settleWithSources(
  deps: SourceRemovalDependencies,
  artist: ArtistState,
  budget: { left: number },
): Promise<SourceSettlement> {
  const settled: SourceSettlement = {
    takenOff: [],
    returned: [],
    deleted: new Set(),
    deferred: 0,
    unforgotten: [],
  };
  const holdings = await deps.holdings.list(artist.slug);
  if (holdings.length === 0) return settled;
  const sources = union(holdings);
  const variantsOf = (imageId: string) =>
    artist.variants
      .filter((variant) => parseVariantKey(variant.key)?.imageId === imageId)
      .map((variant) => variant.key);
  const plan = planSettlement(artist.records, sources, (imageId) => variantsOf(imageId).length);
  const back = await bringBack(deps, artist, plan.returning, budget, settled);
  // A held original without a record yet may be a new copy of a photo about to leave: the
  // optimizer decides first, the next run takes off what is left.
  const inFlight = [...sources.held].some((id) => artist.inFlight.has(id));
  const leaving = inFlight ? plan.leaving.filter((record) => record.status !== 'ok') : plan.leaving;
  settled.deferred += plan.leaving.length - leaving.length;
  await takeOff(deps, artist.slug, leaving, variantsOf, budget, settled);
  settled.unforgotten = [
    ...settled.takenOff,
    ...artist.records
      .filter((record) => record.status === 'removed' && !record.forgottenAt)
      .map((record) => record.imageId)
      .filter((imageId) => !back.has(imageId)),
  ];
  if (settled.takenOff.length > 0 || settled.returned.length > 0) {
    deps.logger.info('Settled images with their sources', {
      artist: artist.slug,
      takenOff: settled.takenOff,
      returned: settled.returned,
    });
  }
  return settled;
}

/**
 * Which records leave the site (shown, some source gave the photo, none holds any copy of it;
 * or taken off by a run that stopped before their variants were deleted) and which come back
 * (taken off, and a source holds a copy again).
 */
export function planSettlement(
  records: readonly ImageRecordState[],
  sources: { held: ReadonlySet<string>; given: ReadonlySet<string> },
  variantCount: (imageId: string) => number,
): { leaving: ImageRecordState[]; returning: ImageRecordState[] } {
  const copies = copiesOf(records);
  const leaving: ImageRecordState[] = [];
  const returning: ImageRecordState[] = [];
  for (const record of records) {
    const photo = copies.get(record.imageId) ?? [record.imageId];
    const shown = photo.some((id) => sources.held.has(id));
    if (record.status === 'ok' && !shown && photo.some((id) => sources.given.has(id))) {
      leaving.push(record);
    } else if (record.status === 'removed' && shown) {
      returning.push(record);
    } else if (record.status === 'removed' && variantCount(record.imageId) > 0) {
      leaving.push(record);
    }
  }
  return { leaving, returning };
}

/**
 * Deletes the records of images a source shows again, whose originals are there to be made
 * again; returns their ids.
 */
async function bringBack(
  deps: SourceRemovalDependencies,
  artist: ArtistState,
  returning: readonly ImageRecordState[],
  budget: { left: number },
  settled: SourceSettlement,
): Promise<Set<string>> {
  const back = new Set<string>();
  for (const record of returning) {
    // Without its original (reported as a record without one) it stays as it is.
    if (!artist.originals.has(record.imageId)) continue;
    if (budget.left <= 0) {
      settled.deferred++;
      continue;
    }
    budget.left--;
    if (await deps.records.removeTakenOff(artist.slug, record.imageId)) {
      settled.returned.push(record.rawKey);
      back.add(record.imageId);
    }
  }
  return back;
}

/**
 * Takes images off the site: off the index and the cover first, the variants last, so a run
 * cut short leaves variants of a removed record, which the next run finds and finishes.
 */
async function takeOff(
  deps: SourceRemovalDependencies,
  slug: string,
  leaving: readonly ImageRecordState[],
  variantsOf: (imageId: string) => string[],
  budget: { left: number },
  settled: SourceSettlement,
): Promise<void> {
  const gone: string[] = [];
  for (const record of leaving) {
    if (record.status === 'ok') {
      if (budget.left <= 0) {
        settled.deferred++;
        continue;
      }
      budget.left--;
      const old = await deps.records.takeOff(slug, record.imageId, deps.now());
      if (!old) continue;
      settled.takenOff.push(record.imageId);
      gone.push(...old.variants.map((variant) => variant.key));
    }
    await deps.covers.withdraw(slug, record.imageId);
    gone.push(...variantsOf(record.imageId));
  }
  const keys = [...new Set(gone)];
  await deleteObjects(deps.s3, deps.optimizedBucket, keys);
  for (const key of keys) settled.deleted.add(key);
}

/** What the artist's sources hold now, and every image they ever gave. */
function union(holdings: readonly HeldImages[]): { held: Set<string>; given: Set<string> } {
  const held = new Set<string>();
  const given = new Set<string>();
  for (const holding of holdings) {
    for (const id of holding.held) held.add(id);
    for (const id of holding.given) given.add(id);
  }
  return { held, given };
}

/**
 * Each shown or taken-off image with every copy of its photo the artist has: the records
 * folded into it as duplicates (through a chain of them), itself first.
 */
function copiesOf(records: readonly ImageRecordState[]): Map<string, string[]> {
  const byId = new Map(records.map((record) => [record.imageId, record]));
  const photos = new Map<string, string[]>();
  for (const record of records) {
    if (record.status === 'ok' || record.status === 'removed')
      photos.set(record.imageId, [record.imageId]);
  }
  for (const record of records) {
    if (record.status !== 'duplicate') continue;
    let current: ImageRecordState | undefined = record;
    for (let step = 0; current?.status === 'duplicate' && step < MAX_CHAIN; step++) {
      current = current.duplicateOf ? byId.get(current.duplicateOf) : undefined;
    }
    if (current) photos.get(current.imageId)?.push(record.imageId);
  }
  return photos;
}
