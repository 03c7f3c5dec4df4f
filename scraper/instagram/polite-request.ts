// One Instagram request with the refusals Instagram uses handled: 429 (honouring Retry-After),
// 401 "please wait", redirects to login, challenge or home, checkpoint_required, 5xx. Each is
// retried after a jittered backoff; after repeated refusals the request gives up with a reason.
import pRetry, { AbortError } from 'p-retry';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface PoliteOptions {
  fetch: FetchLike;
  headers?: Record<string, string>;
  /** Attempts after the first (default 3). */
  retries?: number;
  /** First backoff in ms (default 2000); doubled each time, with jitter. */
  minDelayMs?: number;
  /** The longest Retry-After honoured (default 60 s); a longer one ends the attempt. */
  maxRetryAfterMs?: number;
}

/** How long one request may take, answer and body. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Instagram said no, for now or for good. */
export class InstagramRefusedError extends Error {
  override name = 'InstagramRefusedError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The account or user does not exist. */
export class InstagramNotFoundError extends Error {
  override name = 'InstagramNotFoundError';
}

/**
 * GETs `url` and returns its JSON body.
 * @throws {InstagramRefusedError} after repeated refusals; {InstagramNotFoundError} on 404.
 */
export async function politeJson(url: string, options: PoliteOptions): Promise<unknown> {
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  let attempts = 0;
  return pRetry(
    async () => {
      attempts++;
      let response: Response;
      try {
        response = await options.fetch(url, {
          headers: options.headers ?? {},
          redirect: 'manual',
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        throw new InstagramRefusedError(
          `${new URL(url).host} could not be reached: ${(error as Error).message}`,
        );
      }
      const verdict = await classify(response);
      if (verdict === 'not-found')
        throw new AbortError(new InstagramNotFoundError(`Nothing at ${redact(url)}`));
      if (verdict) {
        const retryAfterMs = retryAfter(response.headers.get('retry-after'));
        if (!verdict.retry) throw new AbortError(new InstagramRefusedError(verdict.reason));
        if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) {
          throw new AbortError(
            new InstagramRefusedError(
              `${verdict.reason}; asked to wait ${retryAfterMs} ms, longer than we wait`,
            ),
          );
        }
        throw new InstagramRefusedError(verdict.reason, retryAfterMs);
      }
      try {
        return await response.json();
      } catch (error) {
        // A login page served with 200, or a body cut off by the deadline.
        throw new InstagramRefusedError(`the answer is not JSON (${(error as Error).message})`);
      }
    },
    {
      retries: options.retries ?? 3,
      minTimeout: options.minDelayMs ?? 2000,
      factor: 2,
      randomize: true,
      shouldRetry: ({ error }) => error instanceof InstagramRefusedError,
      onFailedAttempt: async ({ error, retriesLeft }) => {
        if (retriesLeft === 0 && error instanceof InstagramRefusedError) {
          error.message = `${error.message}, ${attempts} times`;
        }
        const wait = (error as InstagramRefusedError).retryAfterMs;
        if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
      },
    },
  );
}

/** Graph API error codes that mean "too many calls": wait and try again. */
const GRAPH_RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);

type Verdict = 'not-found' | { reason: string; retry: boolean } | undefined;

/** What a response means: an answer to read (undefined), `not-found`, or a refusal. */
async function classify(response: Response): Promise<Verdict> {
  const status = response.status;
  if (status === 200) return undefined;
  if (status === 429) return { reason: 'rate limited (429)', retry: true };
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location') ?? '';
    const path = location
      ? new URL(location, response.url || 'https://instagram.invalid/').pathname
      : '';
    if (/^\/accounts\/login/.test(path))
      return { reason: 'redirected to the login page', retry: true };
    if (/^\/challenge/.test(path)) return { reason: 'redirected to a challenge', retry: true };
    return { reason: `redirected to ${path || 'nowhere'}`, retry: true };
  }
  if (status === 404) return 'not-found';
  if (status >= 500) return { reason: `server error (${status})`, retry: true };
  const text = await response.text().catch(() => '');
  if (/checkpoint_required/.test(text)) return { reason: 'checkpoint required', retry: true };
  if (status === 401 && /wait/i.test(text)) return { reason: 'asked to wait (401)', retry: true };
  const graph = graphError(text);
  if (graph) {
    if (graph.code !== undefined && GRAPH_RATE_LIMIT_CODES.has(graph.code)) {
      return { reason: `rate limited by the Graph API (code ${graph.code})`, retry: true };
    }
    if (graph.code === 190)
      return { reason: 'the Graph API token is invalid or expired (code 190)', retry: false };
    if (graph.code === 110 || /cannot find user/i.test(graph.message)) return 'not-found';
    return { reason: `the Graph API refused: ${graph.message}`, retry: false };
  }
  return { reason: `refused (${status})`, retry: false };
}

function graphError(text: string): { message: string; code?: number } | undefined {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown; code?: unknown } };
    if (typeof body.error?.message !== 'string') return undefined;
    return {
      message: body.error.message,
      ...(typeof body.error.code === 'number' && { code: body.error.code }),
    };
  } catch {
    return undefined;
  }
}

/** A URL fit for a log or a report: no access token in it. */
export function redact(url: string): string {
  return url.replace(/access_token=[^&]+/, 'access_token=REDACTED');
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
