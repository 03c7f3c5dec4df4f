// One raw object through the optimizer: idempotent, duplicate-aware, never losing the original.
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ArtistCovers } from '../artists/artist-covers.ts';
import type { DirectoryIndex } from '../artists/directory-index.ts';
import { bestCopy, type HashedImage, isBetterCopy, sameImage } from '../images/duplicates.ts';
import { imageKind } from '../images/image-kind.ts';
import type {
  DuplicateImageRecord,
  FailedImageRecord,
  ImageRecord,
  ImageRecords,
  OkImageRecord,
  VariantRecord,
} from '../images/image-records.ts';
import { MAX_INPUT_BYTES } from '../images/image-settings.ts';
import {
  CONTENT_TYPES,
  IMMUTABLE_CACHE_CONTROL,
  missingFormats,
  type PrecomputedFormat,
} from '../images/ladder.ts';
import { parseRawKey, variantKey } from '../images/object-keys.ts';
import {
  type DecodedImage,
  decodeImage,
  type EncodedVariant,
  encodeLadder,
  fileTooLarge,
  fromPixels,
  type PreparedOriginal,
  prepareOriginal,
} from '../images/optimize-image.ts';
import { provenanceFromMetadata } from '../images/provenance.ts';
import { RefusedInputError } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import { deleteObjects, getObject, putObject } from '../store/object-store.ts';

export interface ProcessDependencies {
  s3: S3Client;
  records: ImageRecords;
  /** Keeps each artist's newest shown image on their profile, for the directory. */
  covers: ArtistCovers;
  /** Keeps the filters each artist is found under (city, styles) in step with their images. */
  directory: DirectoryIndex;
  rawBucket: string;
  optimizedBucket: string;
  now: () => Date;
  logger: Logger;
}

/**
 * What happened to one raw object: a record was written (`ok`, `duplicate`, `failed`), a shown
 * image was given the precomputed formats it lacked (`completed`: an image stored before a
 * format was added, on a backfill), or nothing was done because there was nothing to do
 * (`unchanged`: already processed; `gone`: the object no longer exists; `ignored`: the key is
 * not an original's).
 */
export type ProcessOutcome =
  | { status: 'ok' | 'duplicate' | 'failed' | 'completed'; record: ImageRecord }
  | { status: 'unchanged' | 'gone' | 'ignored'; key: string };

type RecordBase = Pick<ImageRecord, 'artist' | 'imageId' | 'rawKey' | 'sha256' | 'provenance'>;

/**
 * Optimizes the raw object at `key`, writes its variants and its record.
 * Errors other than refused input (S3, DynamoDB, memory) propagate so the platform retries.
 */
export async function processRawObject(
  deps: ProcessDependencies,
  key: string,
): Promise<ProcessOutcome> {
  const parts = parseRawKey(key);
  if (!parts) {
    // The notification only covers originals/, so this is a writer that broke the key scheme.
    deps.logger.error('Ignoring an object under originals/ whose key is not <artist>/<sha256>', {
      key,
    });
    return { status: 'ignored', key };
  }
  const { slug, imageId, sha256 } = parts;
  const existing = await deps.records.get(slug, imageId);
  if (existing) {
    const missing = existing.status === 'ok' ? missingFormats(existing.variants) : [];
    if (existing.status !== 'ok' || missing.length === 0) return { status: 'unchanged', key };
    return completeLadder(deps, existing, missing);
  }

  const started = performance.now();
  const object = await getObject(deps.s3, deps.rawBucket, key, MAX_INPUT_BYTES);
  if (!object) return { status: 'gone', key };
  const base: RecordBase = {
    artist: slug,
    imageId,
    rawKey: key,
    sha256,
    provenance: provenanceFromMetadata(object.metadata),
  };
  if (object.tooLarge) return refuse(deps, base, fileTooLarge(object.size));
  const actualSha256 = createHash('sha256').update(object.bytes).digest('hex');
  if (actualSha256 !== sha256) {
    const mismatch = new RefusedInputError(
      'content-mismatch',
      `The object's bytes hash to ${actualSha256}, not to the ${sha256} its key names`,
    );
    return refuse(deps, base, mismatch);
  }
  const fetched = performance.now();

  let prepared: PreparedOriginal;
  let shown: HashedImage[];
  try {
    [prepared, shown] = await Promise.all([
      prepareOriginal(object.bytes),
      deps.records.listHashes(slug),
    ]);
  } catch (error) {
    if (!(error instanceof RefusedInputError)) throw error;
    return refuse(deps, base, error);
  }
  const { decoded, analysis } = prepared;
  const me: HashedImage = {
    imageId,
    phash: analysis.phash,
    width: decoded.width,
    height: decoded.height,
  };
  const better = bestCopy(sameImage(me, shown).filter((other) => isBetterCopy(other, me)));
  if (better) return writeDuplicate(deps, base, me, better.imageId);
  const decodedAt = performance.now();

  const variants = await encodeLadder(decoded, analysis.kind);
  const encodedAt = performance.now();
  const variantRecords = await storeVariants(deps, slug, imageId, variants);
  deps.logger.info('Optimized an original', {
    key,
    width: decoded.width,
    height: decoded.height,
    kind: analysis.kind,
    variants: variantRecords.length,
    fetchMs: Math.round(fetched - started),
    decodeMs: Math.round(decodedAt - fetched),
    encodeMs: Math.round(encodedAt - decodedAt),
    storeMs: Math.round(performance.now() - encodedAt),
  });
  const record: OkImageRecord = {
    ...base,
    processedAt: deps.now().toISOString(),
    status: 'ok',
    sourceFormat: decoded.sourceFormat,
    width: decoded.width,
    height: decoded.height,
    hasAlpha: decoded.hasAlpha,
    variants: variantRecords,
    ...analysis,
  };
  if (!(await deps.records.putNew(record))) {
    // Written by an earlier delivery that may have failed after it: its directory entry is
    // made again (the same from the same images), so a retry completes what that one left.
    await deps.directory.refresh(record.artist);
    return { status: 'unchanged', key };
  }
  const outcome = await settleCopies(deps, record, me);
  if (outcome.status === 'ok') await deps.covers.offer(record);
  // The artist's shown images changed (one more, or a copy folded): their styles may have.
  if (outcome.status === 'ok' || outcome.status === 'duplicate') {
    await deps.directory.refresh(record.artist);
  }
  return outcome;
}

async function storeVariants(
  deps: ProcessDependencies,
  slug: string,
  imageId: string,
  variants: EncodedVariant[],
): Promise<VariantRecord[]> {
  return Promise.all(
    variants.map(async ({ body, ...rung }) => {
      const variantObjectKey = variantKey(slug, imageId, rung.slot, rung.format);
      await putObject(deps.s3, {
        bucket: deps.optimizedBucket,
        key: variantObjectKey,
        body,
        contentType: CONTENT_TYPES[rung.format],
        cacheControl: IMMUTABLE_CACHE_CONTROL,
      });
      return { ...rung, key: variantObjectKey, bytes: body.length };
    }),
  );
}

/**
 * Gives a shown image the precomputed formats it lacks, from one decode of its original: the
 * variants are stored first, then added to the record (only while it is still shown), then
 * to the cover if it is the artist's. Run again, it finds nothing missing.
 */
async function completeLadder(
  deps: ProcessDependencies,
  record: OkImageRecord,
  missing: PrecomputedFormat[],
): Promise<ProcessOutcome> {
  const object = await getObject(deps.s3, deps.rawBucket, record.rawKey, MAX_INPUT_BYTES);
  if (!object) return { status: 'gone', key: record.rawKey };
  if (object.tooLarge) return { status: 'unchanged', key: record.rawKey };
  let decoded: DecodedImage;
  try {
    decoded = await decodeImage(object.bytes);
  } catch (error) {
    // It was decoded once; a refusal now is the reconciler's to look at, not a reason to fail.
    if (!(error instanceof RefusedInputError)) throw error;
    deps.logger.warn('Could not complete the ladder of a shown image', {
      key: record.rawKey,
      reason: error.message,
    });
    return { status: 'unchanged', key: record.rawKey };
  }
  const kind = record.kind ?? (await imageKind(fromPixels(decoded)));
  const variants = await encodeLadder(decoded, kind, missing);
  const added = await storeVariants(deps, record.artist, record.imageId, variants);
  const completed = await deps.records.addVariants(record, added, kind);
  if (!completed) return { status: 'unchanged', key: record.rawKey };
  await deps.covers.refresh(completed);
  deps.logger.info('Completed the ladder of a shown image', {
    key: record.rawKey,
    formats: missing,
    variants: added.length,
  });
  return { status: 'completed', record: completed };
}

/**
 * After an image is shown, makes its artist's copies of the same photo agree: the best copy
 * stays shown, the others become its duplicates. Every invocation applies the same rule after
 * its own write, so the last of two concurrent writers always sees both and settles them.
 */
async function settleCopies(
  deps: ProcessDependencies,
  record: OkImageRecord,
  me: HashedImage,
): Promise<ProcessOutcome> {
  const copies = sameImage(me, await deps.records.listHashes(record.artist));
  if (copies.length === 0) return { status: 'ok', record };
  const best = bestCopy([me, ...copies]) as HashedImage;
  const losers = [me, ...copies].filter((copy) => copy.imageId !== best.imageId);
  const demoted = await Promise.all(
    losers.map((copy) => deps.records.demote(record.artist, copy.imageId, best.imageId)),
  );
  const stale = demoted.flatMap((old) => old?.variants.map((variant) => variant.key) ?? []);
  await deleteObjects(deps.s3, deps.optimizedBucket, stale);
  for (const old of demoted) if (old) await deps.covers.withdraw(record.artist, old.imageId);
  if (best.imageId === me.imageId) return { status: 'ok', record };
  deps.logger.info('A better copy of this photo was shown at the same time', {
    key: record.rawKey,
    duplicateOf: best.imageId,
  });
  const { variants: _variants, ...rest } = record;
  return {
    status: 'duplicate',
    record: { ...rest, status: 'duplicate', duplicateOf: best.imageId },
  };
}

async function writeDuplicate(
  deps: ProcessDependencies,
  base: RecordBase,
  me: HashedImage,
  duplicateOf: string,
): Promise<ProcessOutcome> {
  return writeRecord(deps, {
    ...base,
    processedAt: deps.now().toISOString(),
    status: 'duplicate',
    duplicateOf,
    phash: me.phash,
    width: me.width,
    height: me.height,
  });
}

function refuse(deps: ProcessDependencies, base: RecordBase, error: RefusedInputError) {
  deps.logger.warn('Refused an original', {
    key: base.rawKey,
    code: error.code,
    reason: error.message,
  });
  return writeRecord(deps, {
    ...base,
    processedAt: deps.now().toISOString(),
    status: 'failed',
    code: error.code,
    reason: error.message,
  });
}

async function writeRecord(
  deps: ProcessDependencies,
  record: DuplicateImageRecord | FailedImageRecord,
): Promise<ProcessOutcome> {
  const written = await deps.records.putNew(record);
  if (!written) return { status: 'unchanged', key: record.rawKey };
  return { status: record.status, record };
}
