// The official Instagram Graph API (business discovery), used whenever a token is configured:
// most tattoo artists have business or creator accounts, and this API does not change under us.
import { z } from 'zod';
import { httpUrlSchema } from '../../core/vocabulary/identifiers.ts';
import {
  type InstagramImage,
  type InstagramOutcome,
  type InstagramPost,
  type InstagramSource,
  nextPage,
} from './instagram-post.ts';
import { type PoliteOptions, politeJson } from './polite-request.ts';
import { outcomeOf, readOutcome } from './web-source.ts';

const MEDIA_FIELDS =
  'id,media_type,media_url,permalink,timestamp,caption,children{media_type,media_url}';

const media = z.object({
  id: z.string(),
  media_type: z.enum(['IMAGE', 'VIDEO', 'CAROUSEL_ALBUM']),
  media_url: httpUrlSchema.optional(),
  permalink: httpUrlSchema,
  timestamp: z.string().optional(),
  caption: z.string().optional(),
  children: z
    .object({
      data: z.array(z.object({ media_type: z.string(), media_url: httpUrlSchema.optional() })),
    })
    .optional(),
});

const discovery = z.object({
  business_discovery: z.object({
    /** How many posts the account holds: what a read's coverage is measured against. */
    media_count: z.number().int().nonnegative().optional(),
    media: z.object({
      data: z.array(media),
      // Only `cursors.after`: business discovery never answers `paging.next`.
      paging: z
        .object({ cursors: z.object({ after: z.string().optional() }).optional() })
        .optional(),
    }),
  }),
});

/**
 * Media asked per page. Business discovery answers its nested `media` edge with
 * `paging.cursors.after` and no `paging.next`, so a page shorter than this is the only sign that
 * the account has no more.
 */
export const GRAPH_PAGE_SIZE = 50;

export class InstagramGraphSource implements InstagramSource {
  readonly name = 'graph-api';

  constructor(
    private readonly graph: { baseUrl: string; token: string; userId: string },
    private readonly request: Omit<PoliteOptions, 'headers'> & { userAgent: string },
    private readonly pageSize = GRAPH_PAGE_SIZE,
  ) {}

  async fetchPosts(handle: string, maxPosts: number): Promise<InstagramOutcome> {
    const posts: InstagramPost[] = [];
    try {
      let after: string | undefined;
      // Whether the last page read could be followed by another: full, with a cursor not seen.
      let more: boolean;
      const cursors = new Set<string>();
      let total: number | undefined;
      do {
        const limit = Math.max(1, Math.min(this.pageSize, maxPosts - posts.length));
        const { media_count, media: answer } = await this.page(handle, limit, after);
        total ??= media_count;
        posts.push(...answer.data.map(toPost));
        after = answer.paging?.cursors?.after;
        more = answer.data.length >= limit && !!after && !cursors.has(after);
      } while (more && posts.length < maxPosts && nextPage(cursors, after));
      // Stopped by the post budget (or the page cap) while the account may have more.
      return readOutcome(posts, maxPosts, more, total);
    } catch (error) {
      return outcomeOf(error, posts);
    }
  }

  /** One page of the account's media: `limit` items after the cursor `after`. */
  private async page(handle: string, limit: number, after: string | undefined) {
    const edge = `media${after ? `.after(${after})` : ''}.limit(${limit})`;
    const fields = `business_discovery.username(${handle}){${edge}{${MEDIA_FIELDS}},media_count}`;
    const url = `${this.graph.baseUrl}/${this.graph.userId}?fields=${encodeURIComponent(fields)}&access_token=${encodeURIComponent(this.graph.token)}`;
    return discovery.parse(await this.get(url)).business_discovery;
  }

  private get(url: string): Promise<unknown> {
    return politeJson(url, { ...this.request, headers: { 'user-agent': this.request.userAgent } });
  }
}

function toPost(item: z.infer<typeof media>): InstagramPost {
  const children = item.media_type === 'CAROUSEL_ALBUM' ? (item.children?.data ?? []) : [item];
  const images: InstagramImage[] = children
    .filter((child) => child.media_type === 'IMAGE' && child.media_url)
    .map((child) => ({ url: child.media_url as string }));
  return {
    id: item.id,
    permalink: item.permalink,
    images,
    ...(item.caption !== undefined && { caption: item.caption }),
    ...(item.timestamp !== undefined && { takenAt: new Date(item.timestamp).toISOString() }),
  };
}
