// Downloads one image: streamed, capped in bytes and in time, its type told from its bytes.
import { createHash } from 'node:crypto';
import pRetry from 'p-retry';
import { type SourceFormat, sniffImageFormat } from '../../core/images/image-sniff.ts';
import { RefusedInputError } from '../../core/platform/errors.ts';
import { BlockedAddressError } from './ssrf-guard.ts';

export interface DownloadLimits {
  maxBytes: number;
  /** The whole download, from request to last byte. */
  timeoutMs: number;
  /** The longest wait for the next chunk: a server that drips bytes is cut off. */
  idleTimeoutMs: number;
}

export type DownloadResult =
  | { ok: true; bytes: Buffer; sha256: string; format: SourceFormat; finalUrl: string }
  | {
      ok: false;
      code: string;
      reason: string;
      /** A failure that may pass: a 5xx or 429 answer, a reset or refused connection. */
      transient?: boolean;
      /** The HTTP status, when the server answered with an error. */
      status?: number;
    };

/** How a download is tried again after a transient failure. */
export interface DownloadRetries {
  /** Tries after the first. */
  retries: number;
  /** The first pause; each next one doubles (with jitter). */
  minDelayMs: number;
}

export const DEFAULT_DOWNLOAD_RETRIES: DownloadRetries = { retries: 2, minDelayMs: 500 };

/**
 * downloadImage, tried again (p-retry, exponential backoff) while it fails transiently; the
 * last failure says how many tries it took.
 */
export async function downloadWithRetries(
  fetch: FetchLike,
  url: string,
  limits: DownloadLimits,
  retries: DownloadRetries = DEFAULT_DOWNLOAD_RETRIES,
): Promise<DownloadResult> {
  let last: DownloadResult | undefined;
  try {
    return await pRetry(
      async () => {
        last = await downloadImage(fetch, url, limits);
        if (!last.ok && last.transient) throw new TransientDownloadError(last.reason);
        return last;
      },
      {
        retries: retries.retries,
        minTimeout: retries.minDelayMs,
        factor: 2,
        randomize: true,
        shouldRetry: ({ error }) => error instanceof TransientDownloadError,
      },
    );
  } catch (error) {
    if (!(error instanceof TransientDownloadError) || !last || last.ok) throw error;
    const tries = retries.retries + 1;
    return { ...last, reason: `${last.reason} (${tries} tries)` };
  }
}

class TransientDownloadError extends Error {
  override name = 'TransientDownloadError';
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Fetches `url` within `limits`; every failure comes back as a code and a reason, never thrown. */
export async function downloadImage(
  fetch: FetchLike,
  url: string,
  limits: DownloadLimits,
): Promise<DownloadResult> {
  const controller = new AbortController();
  let timedOut: 'timeout' | 'stalled' | undefined;
  const abort = (why: 'timeout' | 'stalled') => {
    timedOut = why;
    controller.abort();
  };
  const total = setTimeout(() => abort('timeout'), limits.timeoutMs);
  let idle = setTimeout(() => abort('stalled'), limits.idleTimeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel();
      return {
        ok: false,
        code: 'http-error',
        status: response.status,
        reason: `The server answered ${response.status} for ${url}`,
        ...((response.status >= 500 || response.status === 429) && { transient: true }),
      };
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > limits.maxBytes) {
      await response.body?.cancel();
      return tooLarge(url, declared, limits.maxBytes);
    }
    const reader = response.body?.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      clearTimeout(idle);
      idle = setTimeout(() => abort('stalled'), limits.idleTimeoutMs);
      size += value.length;
      if (size > limits.maxBytes) {
        await reader.cancel();
        return tooLarge(url, size, limits.maxBytes);
      }
      chunks.push(value);
    }
    const bytes = Buffer.concat(chunks);
    const format = await sniffImageFormat(bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { ok: true, bytes, sha256, format, finalUrl: response.url || url };
  } catch (error) {
    if (timedOut === 'timeout') {
      return {
        ok: false,
        code: 'timeout',
        reason: `${url} took longer than ${limits.timeoutMs} ms`,
      };
    }
    if (timedOut === 'stalled') {
      return {
        ok: false,
        code: 'stalled',
        reason: `${url} sent nothing for ${limits.idleTimeoutMs} ms`,
      };
    }
    if (error instanceof RefusedInputError)
      return { ok: false, code: error.code, reason: `${url}: ${error.message}` };
    const blocked = findCause(error, BlockedAddressError);
    if (blocked) return { ok: false, code: blocked.code, reason: blocked.message };
    return {
      ok: false,
      code: 'network-error',
      reason: `${url}: ${describe(error)}`,
      transient: true,
    };
  } finally {
    clearTimeout(total);
    clearTimeout(idle);
  }
}

function tooLarge(url: string, size: number, maxBytes: number): DownloadResult {
  return {
    ok: false,
    code: 'file-too-large',
    reason: `${url} is over ${maxBytes} bytes (${size} so far)`,
  };
}

/** The first error of class `type` in a chain of causes (fetch wraps connection errors). */
export function findCause<T extends Error>(
  error: unknown,
  type: new (...args: never[]) => T,
): T | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof type) return current;
  }
  return undefined;
}

function describe(error: unknown): string {
  const messages: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause)
    messages.push(current.message);
  return messages.join(': ');
}
