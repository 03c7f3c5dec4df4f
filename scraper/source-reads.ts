// How each of an artist's sources was read this time, in words a visitor can take: what the
// directory says of a portfolio's freshness (core/sources/source-syncs.ts) comes from here.
// The raw errors stay in the run report; a visitor sees one of a few plain reasons.
import type { SourceRead } from '../core/sources/source-syncs.ts';
import type { InstagramOutcome } from './instagram/instagram-post.ts';
import { crawlScope } from './website/links.ts';
import type { WebsiteResult } from './website/website-source.ts';

/** A failure in the words a visitor reads: the site's HTTP status when it gave one. */
function publicReason(raw: string): string {
  const status = /\b([45]\d\d)\b/.exec(raw)?.[1];
  return status ? `the site answered ${status}` : 'the site could not be reached';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * One read per website the artist has: the pages of its own scope (the crawl's: `www.` and a
 * redirect to https are the same site) read, of those found. Failed when its first page could
 * not be read; partial when a page failed, pages it found were left unread (the budget, or
 * sitemap pages beyond what the crawl takes) or a page was read only in part (its gallery
 * still grew when the browser's time or clicks ran out); pages robots.txt keeps out are no
 * part of it.
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
      return {
        ...base,
        outcome: 'failed',
        reason: 'the site could not be read',
        read: 0,
        complete: false,
      };
    }
    const scope = crawlScope([start]);
    const ours = (url: string) => scope.includes(url);
    const read = new Set(site.pages.map((page) => page.url).filter(ours));
    const kept = new Set(
      site.skipped.filter((skip) => /robots\.txt/.test(skip.reason)).map((skip) => skip.url),
    );
    const found = new Set([...site.pagesFound.filter(ours), ...read]);
    const total = found.size - [...found].filter((url) => kept.has(url) && !read.has(url)).length;
    const errors = site.errors.filter((error) => ours(error.url));
    if (read.size === 0) {
      const reason = kept.has(start)
        ? 'robots.txt disallows the gallery'
        : errors[0]
          ? publicReason(errors[0].reason)
          : 'no page of the site could be read';
      return { ...base, outcome: 'failed', reason, read: 0, total, complete: false };
    }
    const unread = [...found].filter((url) => !read.has(url) && !kept.has(url)).length;
    const failedPages = errors.length;
    const cutShort = new Set(site.cutShort.map((page) => page.url).filter(ours)).size;
    const problems = [
      ...(failedPages > 0 ? [`${plural(failedPages, 'page')} could not be read`] : []),
      ...(unread > failedPages ? [`${plural(unread - failedPages, 'page')} left unread`] : []),
      ...(cutShort > 0 ? [`${plural(cutShort, 'page')} longer than is read`] : []),
    ];
    return problems.length === 0
      ? { ...base, outcome: 'ok', read: read.size, total, complete: true }
      : {
          ...base,
          outcome: 'partial',
          reason: problems.join('; '),
          read: read.size,
          total,
          complete: false,
        };
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
      // Fewer posts than the account says it holds (a short last page) is not all of it.
      const short = outcome.total !== undefined && outcome.posts.length < outcome.total;
      return outcome.truncated || short
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
        reason: /\b429\b|rate.?limit|try again later|wait a few/i.test(outcome.reason)
          ? 'Instagram asks to wait'
          : 'Instagram would not answer',
        complete: false,
      };
  }
}
