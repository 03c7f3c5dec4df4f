// The reconciler: makes the records agree with the originals. An original the optimizer never
// recorded (its event lost in a crash, its message dead-lettered) goes to the optimizer again;
// an original whose bytes do not hash to its key is removed and its source URLs forgotten, so
// the next scrape fetches it afresh; variants without a shown record and records without an
// original are reported. Shown images their sources no longer hold are taken off the site, and
// come back when a source shows them again (source-removals.ts). Idempotent, and bounded per
// run: what is left over waits for the next.
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DirectoryIndex } from '../artists/directory-index.ts';
import type { ImageRecordState, ImageRecords } from '../images/image-records.ts';
import { MAX_INPUT_BYTES } from '../images/image-settings.ts';
import { parseRawKey, parseVariantKey, rawPrefix, variantPrefix } from '../images/object-keys.ts';
import type { RedriveCounts } from '../ingest/redrive-counts.ts';
import type { ReconcileFindings } from '../ingest/step-payloads.ts';
import type { Logger } from '../platform/logger.ts';
import type { SourceUrls } from '../sources/source-urls.ts';
import { deleteObjects, getObject, type ListedObject, listObjects } from '../store/object-store.ts';
import {
  type ArtistState,
  type SourceRemovalDependencies,
  type SourceSettlement,
  settleWithSources,
} from './source-removals.ts';

/** Refused by the optimizer because the bytes were not those their key names. */
export const CONTENT_MISMATCH = 'content-mismatch';

export interface ReconcileDependencies extends SourceRemovalDependencies {
  s3: S3Client;
  records: ImageRecords;
  sources: SourceUrls;
  rawBucket: string;
  optimizedBucket: string;
  /** The directory's index: each artist's entry made to agree with their profile and images. */
  directory: DirectoryIndex;
  /**
   * Where a CDN caches the variants (in AWS: CloudFront, for a year): told, once per run, to
   * drop the images of the artists who had some taken off. None locally, where the edge's
   * cache lives only as long as `npm start`.
   */
  forgetAtEdge?: ((slugs: string[]) => Promise<void>) | undefined;
  /** Hands originals to the optimizer again (in AWS: a message each on its queue). */
  redrive: (keys: string[]) => Promise<void>;
  /** Counts the times an original was handed to the optimizer again. */
  redrives: RedriveCounts;
  now: () => Date;
  logger: Logger;
}

export interface ReconcileOptions {
  artists: string[];
  /**
   * An original younger than this, without a record, may still be on its way through the
   * optimizer: it is counted as pending, not redriven.
   */
  graceMs: number;
  /** At most this many originals are read or redriven in one run; the rest wait for the next. */
  limit: number;
  /** Originals not to hand over again in this run (the optimizer gave up on them just now). */
  skip?: ReadonlySet<string>;
  /** Epoch milliseconds after which no further artist is begun (a Lambda's time running out). */
  deadline?: number;
}

/**
 * An original the optimizer failed on this many times over (each time through all of its
 * queue's deliveries) is not handed to it again: it is reported as given up, for a person.
 */
export const MAX_REDRIVES = 3;

/** The default bound of one run: originals read or redriven. */
export const RECONCILE_LIMIT = 500;

export type { ReconcileFindings };

/** At most this many keys are named per finding; the counts stay exact. */
const EXAMPLES = 20;

export function emptyFindings(): ReconcileFindings {
  return {
    artists: 0,
    originals: 0,
    redriven: 0,
    pending: 0,
    removed: 0,
    variantsWithoutRecord: 0,
    recordsWithoutOriginal: 0,
    malformed: 0,
    deferred: 0,
    artistsDeferred: 0,
    givenUp: 0,
    takenOff: 0,
    returned: 0,
    takeOffsDeferred: 0,
    directoryRepaired: 0,
    examples: {
      redriven: [],
      givenUp: [],
      removed: [],
      takenOff: [],
      returned: [],
      directoryRepaired: [],
      variantsWithoutRecord: [],
      recordsWithoutOriginal: [],
      malformed: [],
    },
  };
}

type Example = keyof ReconcileFindings['examples'];

/** Counts a finding and names it among the examples while there is room. */
function note<K extends Example>(
  findings: ReconcileFindings,
  kind: K,
  example: ReconcileFindings['examples'][K][number],
): void {
  findings[kind]++;
  const examples = findings.examples[kind] as unknown[];
  if (examples.length < EXAMPLES) examples.push(example);
}

export async function reconcile(
  deps: ReconcileDependencies,
  options: ReconcileOptions,
): Promise<ReconcileFindings> {
  const findings = emptyFindings();
  const budget = { left: options.limit };
  const artists = [...new Set(options.artists)];
  const unforgotten = new Map<string, string[]>();
  for (const [index, slug] of artists.entries()) {
    if (options.deadline !== undefined && deps.now().getTime() > options.deadline) {
      findings.artistsDeferred = artists.length - index;
      break;
    }
    findings.artists++;
    // Handed over artist by artist: a run cut short keeps what it did.
    const done = await reconcileArtist(deps, options, slug, budget, findings);
    if (done.redrive.length > 0) await deps.redrive(done.redrive);
    for (const key of done.redrive) note(findings, 'redriven', key);
    if (done.unforgotten.length > 0) unforgotten.set(slug, done.unforgotten);
  }
  await forgetAtEdge(deps, unforgotten);
  const { examples: _examples, ...counts } = findings;
  deps.logger.info('Reconciled', counts);
  return findings;
}

/**
 * Tells the CDN to drop the images of the artists who had some taken off (once the bucket has
 * nothing left it could fetch again), noting it per record: a failed invalidation is asked for
 * again by the next run.
 */
async function forgetAtEdge(
  deps: ReconcileDependencies,
  unforgotten: ReadonlyMap<string, string[]>,
): Promise<void> {
  if (!deps.forgetAtEdge || unforgotten.size === 0) return;
  try {
    await deps.forgetAtEdge([...unforgotten.keys()]);
  } catch (error) {
    deps.logger.warn('The CDN could not be told to drop images taken off; the next run asks', {
      artists: [...unforgotten.keys()],
      error: (error as Error).message,
    });
    return;
  }
  for (const [slug, imageIds] of unforgotten) {
    for (const imageId of imageIds) await deps.records.markForgotten(slug, imageId, deps.now());
  }
}

/** One artist: what to hand over again, the rest noted in `findings`. */
async function reconcileArtist(
  deps: ReconcileDependencies,
  options: ReconcileOptions,
  slug: string,
  budget: { left: number },
  findings: ReconcileFindings,
): Promise<{ redrive: string[]; unforgotten: string[] }> {
  const redrive: string[] = [];
  const [originals, records, variants] = await Promise.all([
    listObjects(deps.s3, deps.rawBucket, rawPrefix(slug)),
    deps.records.listStates(slug, (key, problem) => note(findings, 'malformed', { key, problem }), {
      variants: true,
    }),
    listObjects(deps.s3, deps.optimizedBucket, variantPrefix(slug)),
  ]);
  const byImage = new Map(records.map((record) => [record.imageId, record]));
  const stored = new Set<string>();
  const unsettled = new Set<string>();
  /** Of those, the ones no optimizer is on: given up on, or removed as damaged. */
  const stuck = new Set<string>();
  for (const original of originals) {
    const parts = parseRawKey(original.key);
    if (!parts) continue;
    findings.originals++;
    stored.add(original.key);
    const record = byImage.get(parts.imageId);
    const refusedAsDamaged = record?.status === 'failed' && record.code === CONTENT_MISMATCH;
    if (record && !refusedAsDamaged) continue;
    unsettled.add(parts.imageId);
    if (options.skip?.has(original.key)) {
      stuck.add(parts.imageId);
      continue;
    }
    if (!record && deps.now().getTime() - original.lastModified.getTime() < options.graceMs) {
      findings.pending++;
      continue;
    }
    if (budget.left <= 0) {
      findings.deferred++;
      continue;
    }
    budget.left--;
    const damage = await checkBytes(deps, original, parts.sha256);
    // The refusal goes first: a crash after it leaves an original the next run looks at again.
    if (record) await deps.records.removeFailed(slug, parts.imageId);
    if (damage) {
      await removeDamaged(deps, slug, original.key, parts.sha256, damage, findings);
      stuck.add(parts.imageId);
      continue;
    }
    if (!record && (await deps.redrives.next(slug, parts.imageId)) > MAX_REDRIVES) {
      note(findings, 'givenUp', original.key);
      stuck.add(parts.imageId);
      continue;
    }
    redrive.push(original.key);
  }
  for (const record of records) {
    if (!stored.has(record.rawKey))
      note(findings, 'recordsWithoutOriginal', recordName(slug, record));
  }
  const originalIds = new Set([...stored].flatMap((key) => parseRawKey(key)?.imageId ?? []));
  const inFlight = new Set([...unsettled].filter((imageId) => !stuck.has(imageId)));
  const settled = await settleArtist(
    deps,
    { slug, records, variants, originals: originalIds, inFlight },
    budget,
    findings,
  );
  redrive.push(...settled.returned);
  const shownVariants = new Set(
    records.flatMap((record) =>
      record.status === 'ok' ? (record.variants ?? []).map((variant) => variant.key) : [],
    ),
  );
  for (const variant of variants) {
    const parts = parseVariantKey(variant.key);
    // Variants made on demand (by the resize function) are named by no record either.
    if (parts && byImage.get(parts.imageId)?.status === 'ok') continue;
    if (shownVariants.has(variant.key) || (parts && unsettled.has(parts.imageId))) continue;
    if (settled.deleted.has(variant.key)) continue;
    note(findings, 'variantsWithoutRecord', variant.key);
  }
  return { redrive, unforgotten: settled.unforgotten };
}

/**
 * The artist's shown images made to agree with what their sources hold (those that come back
 * are processed afresh), then their directory entry and their cover with what is shown now:
 * what an image taken off changed, and what a refresh that failed or raced another left.
 */
async function settleArtist(
  deps: ReconcileDependencies,
  artist: ArtistState,
  budget: { left: number },
  findings: ReconcileFindings,
): Promise<SourceSettlement> {
  const { slug } = artist;
  const settled = await settleWithSources(deps, artist, budget);
  findings.takeOffsDeferred += settled.deferred;
  for (const imageId of settled.takenOff) note(findings, 'takenOff', `${slug}/${imageId}`);
  for (const key of settled.returned) note(findings, 'returned', key);
  const takenOff = new Set(settled.takenOff);
  const shown = new Set(
    artist.records
      .filter((record) => record.status === 'ok' && !takenOff.has(record.imageId))
      .map((record) => record.imageId),
  );
  const { changed } = await deps.directory.update(slug);
  const coverChanged = await deps.covers.check(slug, shown.size > 0);
  if ((changed > 0 || coverChanged) && takenOff.size === 0) {
    note(findings, 'directoryRepaired', slug);
  }
  return settled;
}

/** Why the original's bytes are not the ones its key names, or undefined when they are. */
async function checkBytes(
  deps: ReconcileDependencies,
  original: ListedObject,
  sha256: string,
): Promise<string | undefined> {
  const object = await getObject(deps.s3, deps.rawBucket, original.key, MAX_INPUT_BYTES);
  // Gone since it was listed, or too large to read here: the optimizer decides.
  if (!object || object.tooLarge) return undefined;
  const actual = createHash('sha256').update(object.bytes).digest('hex');
  if (actual === sha256) return undefined;
  return `its ${object.bytes.length} bytes hash to ${actual}, not to the ${sha256} its key names`;
}

async function removeDamaged(
  deps: ReconcileDependencies,
  slug: string,
  key: string,
  sha256: string,
  reason: string,
  findings: ReconcileFindings,
): Promise<void> {
  // Sources first: a crash between the two leaves an original the next run finds again.
  const urls = await deps.sources.forget(slug, sha256);
  await deleteObjects(deps.s3, deps.rawBucket, [key]);
  deps.logger.warn('Removed a damaged original; its source is fetched again on the next scrape', {
    key,
    reason,
    urls,
  });
  note(findings, 'removed', { key, reason });
}

function recordName(slug: string, record: ImageRecordState): string {
  return `${slug}/${record.imageId} (${record.status}, original ${record.rawKey})`;
}
