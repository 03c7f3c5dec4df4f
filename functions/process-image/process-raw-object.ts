// One raw object through the optimizer: idempotent, duplicate-aware, never losing the original.
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { RefusedInputError } from '../lib/errors.ts';
import type { ImageRecord, ImageRecords } from '../lib/image-records.ts';
import { MAX_INPUT_BYTES } from '../lib/image-settings.ts';
import { CONTENT_TYPES, IMMUTABLE_CACHE_CONTROL } from '../lib/ladder.ts';
import type { Logger } from '../lib/logger.ts';
import { parseRawKey, variantKey } from '../lib/object-keys.ts';
import { getObject, putObject } from '../lib/object-store.ts';
import { provenanceFromMetadata } from '../lib/provenance.ts';
import { analyseImage, decodeImage, encodeLadder } from './optimize-image.ts';
import { findDuplicate } from './perceptual-hash.ts';

export interface ProcessDependencies {
  s3: S3Client;
  records: ImageRecords;
  rawBucket: string;
  optimizedBucket: string;
  now: () => Date;
  logger: Logger;
}

/**
 * What happened to one raw object: a record was written (`ok`, `duplicate`, `failed`), or
 * nothing was done because there was nothing to do (`unchanged`: already processed; `gone`: the
 * object no longer exists; `ignored`: the key is not an original's).
 */
export type ProcessOutcome =
  | { status: 'ok' | 'duplicate' | 'failed'; record: ImageRecord }
  | { status: 'unchanged' | 'gone' | 'ignored'; key: string };

/**
 * Optimizes the raw object at `key`, writes its variants and its record.
 * Errors other than refused input (S3, DynamoDB) propagate so the platform retries the message.
 */
export async function processRawObject(
  deps: ProcessDependencies,
  key: string,
): Promise<ProcessOutcome> {
  const parts = parseRawKey(key);
  if (!parts) {
    deps.logger.warn('Ignoring an object whose key is not an original', { key });
    return { status: 'ignored', key };
  }
  const { slug, imageId, sha256 } = parts;
  if (await deps.records.get(slug, imageId)) return { status: 'unchanged', key };

  const started = performance.now();
  let object: Awaited<ReturnType<typeof getObject>>;
  const base = { artist: slug, imageId, rawKey: key, sha256 };
  try {
    object = await getObject(deps.s3, deps.rawBucket, key, MAX_INPUT_BYTES);
  } catch (error) {
    if (!(error instanceof RefusedInputError)) throw error;
    return writeRecord(deps, refusedRecord(deps, base, provenanceFromMetadata(undefined), error));
  }
  if (!object) return { status: 'gone', key };
  const provenance = provenanceFromMetadata(object.metadata);
  const fetched = performance.now();

  const actualSha256 = createHash('sha256').update(object.bytes).digest('hex');
  if (actualSha256 !== sha256) {
    const error = new RefusedInputError(
      'content-mismatch',
      `The object's bytes hash to ${actualSha256}, not to the ${sha256} its key names`,
    );
    return writeRecord(deps, refusedRecord(deps, base, provenance, error));
  }

  let decoded: Awaited<ReturnType<typeof decodeImage>>;
  try {
    decoded = await decodeImage(object.bytes);
  } catch (error) {
    if (!(error instanceof RefusedInputError)) throw error;
    return writeRecord(deps, refusedRecord(deps, base, provenance, error));
  }
  const decodedAt = performance.now();
  const [analysis, existing] = await Promise.all([
    analyseImage(decoded),
    deps.records.listHashes(slug),
  ]);
  const processedAt = deps.now().toISOString();
  const original = findDuplicate(
    analysis.phash,
    existing.filter((image) => image.imageId !== imageId),
  );
  if (original) {
    return writeRecord(deps, {
      ...base,
      provenance,
      processedAt,
      status: 'duplicate',
      duplicateOf: original.imageId,
      phash: analysis.phash,
    });
  }

  const variants = await encodeLadder(decoded);
  const encodedAt = performance.now();
  const records = await Promise.all(
    variants.map(async (variant) => {
      const variantObjectKey = variantKey(slug, imageId, variant.slot, variant.format);
      await putObject(deps.s3, {
        bucket: deps.optimizedBucket,
        key: variantObjectKey,
        body: variant.body,
        contentType: CONTENT_TYPES[variant.format],
        cacheControl: IMMUTABLE_CACHE_CONTROL,
      });
      const { slot, width, height, format } = variant;
      return { slot, width, height, format, key: variantObjectKey, bytes: variant.body.length };
    }),
  );
  deps.logger.info('Optimized an original', {
    key,
    width: decoded.width,
    height: decoded.height,
    variants: records.length,
    fetchMs: Math.round(fetched - started),
    decodeMs: Math.round(decodedAt - fetched),
    encodeMs: Math.round(encodedAt - decodedAt),
    storeMs: Math.round(performance.now() - encodedAt),
  });
  return writeRecord(deps, {
    ...base,
    provenance,
    processedAt,
    status: 'ok',
    sourceFormat: decoded.sourceFormat,
    width: decoded.width,
    height: decoded.height,
    hasAlpha: decoded.hasAlpha,
    variants: records,
    ...analysis,
  });
}

function refusedRecord(
  deps: ProcessDependencies,
  base: Pick<ImageRecord, 'artist' | 'imageId' | 'rawKey' | 'sha256'>,
  provenance: ImageRecord['provenance'],
  error: RefusedInputError,
): ImageRecord {
  deps.logger.warn('Refused an original', {
    key: base.rawKey,
    code: error.code,
    reason: error.message,
  });
  return {
    ...base,
    provenance,
    processedAt: deps.now().toISOString(),
    status: 'failed',
    code: error.code,
    reason: error.message,
  };
}

async function writeRecord(
  deps: ProcessDependencies,
  record: ImageRecord,
): Promise<ProcessOutcome> {
  const written = await deps.records.putNew(record);
  if (!written) return { status: 'unchanged', key: record.rawKey };
  return { status: record.status, record };
}
