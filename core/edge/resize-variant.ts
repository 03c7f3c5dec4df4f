// The resize Lambda's core: a variant the CDN did not find is made once from the original,
// stored where the CDN looks first, and returned.
import { createHash, randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import pRetry from 'p-retry';
import type { ImageLeases } from '../images/image-leases.ts';
import type { ImageRecords, OkImageRecord } from '../images/image-records.ts';
import { MAX_INPUT_BYTES } from '../images/image-settings.ts';
import { CONTENT_TYPES, IMMUTABLE_CACHE_CONTROL, rungFor } from '../images/ladder.ts';
import { parseVariantKey, type VariantKeyParts } from '../images/object-keys.ts';
import { renderVariant } from '../images/render-variant.ts';
import type { Logger } from '../platform/logger.ts';
import { getObject, putObject } from '../store/object-store.ts';

/**
 * A buffered Lambda response is capped at 6 MB, base64 included: 4.5 MB of image stays under
 * it with room for headers. A larger variant is stored and answered with a redirect.
 */
export const MAX_RESPONSE_BYTES = 4_500_000;

export interface ResizeDependencies {
  s3: S3Client;
  records: ImageRecords;
  leases: ImageLeases;
  rawBucket: string;
  optimizedBucket: string;
  logger: Logger;
  /** Identifies this execution environment as a lease holder. */
  owner?: string;
  maxResponseBytes?: number;
  /** How long a request waits for another invocation decoding the same image. */
  waitLimitMs?: number;
  /** How long a lease lasts if its holder never gives it back. */
  leaseMs?: number;
  render?: typeof renderVariant;
}

export type ResizeResult =
  | {
      kind: 'image';
      body: Buffer;
      contentType: string;
      etag: string;
      source: 'rendered' | 'stored';
      timings: Record<string, number>;
    }
  | { kind: 'too-large'; location: string }
  | { kind: 'error'; status: 400 | 404 | 503; message: string };

class LeaseBusy extends Error {
  override name = 'LeaseBusy';
}

const processOwner = randomUUID();

/**
 * The variant at `path` (`/img/{slug}/{imageId}/{slot}.{format}`, as the URL normalizer
 * writes it). An unknown image is 404 before anything is decoded; while another invocation
 * decodes the same image this one waits for its lease, then serves what was stored meanwhile.
 */
export async function resizeVariant(deps: ResizeDependencies, path: string): Promise<ResizeResult> {
  const parts = parseVariantKey(path.startsWith('/') ? path.slice(1) : path);
  if (!parts) {
    return { kind: 'error', status: 400, message: 'Not a normalized image path' };
  }
  const record = await deps.records.get(parts.slug, parts.imageId);
  if (record?.status !== 'ok') return { kind: 'error', status: 404, message: 'No such image' };
  const key = `img/${parts.slug}/${parts.imageId}/${parts.slot}.${parts.format}`;
  const owner = deps.owner ?? processOwner;
  const maxBytes = deps.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const leaseMs = deps.leaseMs ?? 15_000;

  const stored = async (): Promise<ResizeResult | undefined> => {
    const object = await getObject(deps.s3, deps.optimizedBucket, key, maxBytes);
    if (!object) return undefined;
    if (object.tooLarge) return { kind: 'too-large', location: `/${key}` };
    return imageAnswer(Buffer.from(object.bytes), parts, 'stored', {});
  };

  try {
    return await pRetry(
      async () => {
        if (!(await deps.leases.acquire(parts.slug, parts.imageId, owner, leaseMs))) {
          const made = await stored();
          if (made) return made;
          throw new LeaseBusy('Another invocation is decoding this image');
        }
        try {
          return (await stored()) ?? (await render(deps, parts, record, key, maxBytes));
        } finally {
          await deps.leases.release(parts.slug, parts.imageId, owner);
        }
      },
      {
        retries: Number.POSITIVE_INFINITY,
        minTimeout: 20,
        maxTimeout: 200,
        factor: 1.5,
        randomize: true,
        maxRetryTime: deps.waitLimitMs ?? 10_000,
        shouldRetry: ({ error }) => error instanceof LeaseBusy,
      },
    );
  } catch (error) {
    if (error instanceof LeaseBusy) {
      return { kind: 'error', status: 503, message: 'The image is busy; try again shortly' };
    }
    throw error;
  }
}

async function render(
  deps: ResizeDependencies,
  parts: VariantKeyParts,
  record: Pick<OkImageRecord, 'rawKey' | 'width' | 'height' | 'kind'>,
  key: string,
  maxBytes: number,
): Promise<ResizeResult> {
  const started = performance.now();
  const original = await getObject(deps.s3, deps.rawBucket, record.rawKey, MAX_INPUT_BYTES);
  if (!original || original.tooLarge) {
    return { kind: 'error', status: 404, message: 'The original of this image is gone' };
  }
  const fetched = performance.now();
  const rung = rungFor(parts.slot, record.width, record.height);
  const body = await (deps.render ?? renderVariant)(
    original.bytes,
    rung,
    parts.format,
    record.kind,
  );
  const rendered = performance.now();
  await putObject(deps.s3, {
    bucket: deps.optimizedBucket,
    key,
    body,
    contentType: CONTENT_TYPES[parts.format],
    cacheControl: IMMUTABLE_CACHE_CONTROL,
  });
  const timings = {
    fetch: fetched - started,
    render: rendered - fetched,
    store: performance.now() - rendered,
  };
  deps.logger.info('Rendered a variant on demand', { key, bytes: body.length, ...timings });
  if (body.length > maxBytes) return { kind: 'too-large', location: `/${key}` };
  return imageAnswer(body, parts, 'rendered', timings);
}

/** A variant's bytes as the answer to its request. */
function imageAnswer(
  body: Buffer,
  parts: VariantKeyParts,
  source: 'rendered' | 'stored',
  timings: Record<string, number>,
): ResizeResult {
  return {
    kind: 'image',
    body,
    contentType: CONTENT_TYPES[parts.format],
    etag: etagOf(body),
    source,
    timings,
  };
}

/** The ETag S3 gives an object stored in one part: the quoted MD5 of its bytes. */
function etagOf(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}
