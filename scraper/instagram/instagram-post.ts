// What either Instagram path yields: posts with every image at full size. Videos are skipped:
// a tattoo portfolio is photos, and a poster frame is a poor copy of one.
import type { INSTAGRAM_STATUSES } from '../../core/ingest/run-reports.ts';

export interface InstagramImage {
  url: string;
  width?: number;
  height?: number;
}

export interface InstagramPost {
  id: string;
  permalink: string;
  caption?: string;
  takenAt?: string;
  /** The post's photos: one, or each photo of a carousel; none for a video. */
  images: InstagramImage[];
}

/** How reading one artist's Instagram ended; recorded per artist, never thrown at the batch. */
export type InstagramOutcome =
  | {
      status: 'ok';
      posts: InstagramPost[];
      truncated: boolean;
      /** How many posts the account holds, when Instagram says. */
      total?: number;
    }
  | {
      status: Exclude<(typeof INSTAGRAM_STATUSES)[number], 'ok'>;
      posts: InstagramPost[];
      reason: string;
    };

export interface InstagramSource {
  readonly name: 'graph-api' | 'web';
  /** Up to `maxPosts` newest posts of `handle`. */
  fetchPosts(handle: string, maxPosts: number): Promise<InstagramOutcome>;
}

/**
 * Pages read at most per account, and a cursor seen twice ends the reading: an endpoint that
 * keeps saying "more" with empty pages cannot hold a task forever.
 */
export const MAX_PAGES = 40;

/** Whether paging may go on to `cursor`: under the page cap, and a cursor not seen before. */
export function nextPage(seen: Set<string>, cursor: string | null | undefined): cursor is string {
  if (!cursor || seen.has(cursor) || seen.size >= MAX_PAGES) return false;
  seen.add(cursor);
  return true;
}
