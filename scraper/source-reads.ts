// How each of an artist's sources was read this time, in words a visitor can take: what the
// directory says of a portfolio's freshness (functions/lib/source-syncs.ts) comes from here.
import type { SourceRead } from '../functions/lib/source-syncs.ts';
import type { InstagramOutcome } from './instagram/instagram-post.ts';
import type { WebsiteResult } from './website/website-source.ts';

const sameOrigin = (origin: string) => (url: string) => {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
};

/**
 * One read per website the artist has: the pages of its origin read, of those found; failed
 * when its first page could not be read, partial when a page failed or the budget cut it short.
 * `site` is the error message when the crawl itself broke.
 */
export function websiteReads(
  websites: readonly string[],
  site: WebsiteResult | string,
  attemptedAt: string,
): SourceRead[] {
  return websites.map((start): SourceRead => {
    const base = { source: 'website' as const, id: start, attemptedAt };
    if (typeof site === 'string') {
      return { ...base, outcome: 'failed', reason: site, read: 0, complete: false };
    }
    const ours = sameOrigin(new URL(start).origin);
    const read = new Set(site.pages.map((page) => page.url).filter(ours)).size;
    const total = Math.max(read, site.pagesFound.filter(ours).length);
    const errors = site.errors.filter((error) => ours(error.url));
    const blocked = site.skipped.find(
      (skip) => skip.url === start && /robots\.txt/.test(skip.reason),
    );
    if (read === 0) {
      const reason = blocked
        ? 'robots.txt disallows the gallery'
        : ((errors[0] && `the site could not be read: ${errors[0].reason}`) ??
          'no page of the site could be read');
      return { ...base, outcome: 'failed', reason, read, total, complete: false };
    }
    const unread = total - read;
    const problems = [
      ...(errors.length > 0
        ? [
            `${errors.length} ${errors.length === 1 ? 'page' : 'pages'} could not be read (${errors[0]?.reason})`,
          ]
        : []),
      ...(site.truncated
        ? [`${unread} ${unread === 1 ? 'page' : 'pages'} left for the budget`]
        : []),
    ];
    return problems.length === 0
      ? { ...base, outcome: 'ok', read, total, complete: true }
      : { ...base, outcome: 'partial', reason: problems.join('; '), read, total, complete: false };
  });
}

/** The read of the artist's Instagram: the posts read; failed in words when none could be. */
export function instagramRead(
  handle: string,
  outcome: InstagramOutcome,
  attemptedAt: string,
): SourceRead {
  const base = {
    source: 'instagram' as const,
    id: handle,
    attemptedAt,
    read: outcome.posts.length,
  };
  switch (outcome.status) {
    case 'ok': {
      const total = outcome.total === undefined ? {} : { total: outcome.total };
      return outcome.truncated
        ? {
            ...base,
            ...total,
            outcome: 'partial',
            reason: 'the account has more posts than are read',
            complete: false,
          }
        : { ...base, ...total, outcome: 'ok', complete: true };
    }
    case 'not-found':
      return {
        ...base,
        outcome: 'failed',
        reason: 'Instagram has no such account',
        complete: false,
      };
    case 'private':
      return { ...base, outcome: 'failed', reason: 'the account is private', complete: false };
    default:
      return {
        ...base,
        outcome: outcome.posts.length > 0 ? 'partial' : 'failed',
        reason: /wait|429|rate/i.test(outcome.reason) ? 'Instagram asks to wait' : outcome.reason,
        complete: false,
      };
  }
}
