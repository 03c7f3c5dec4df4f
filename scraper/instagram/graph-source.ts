// The official Instagram Graph API (business discovery), used whenever a token is configured:
// most tattoo artists have business or creator accounts, and this API does not change under us.
import { z } from 'zod';
import {
  type InstagramImage,
  type InstagramOutcome,
  type InstagramPost,
  type InstagramSource,
  nextPage,
} from './instagram-post.ts';
import { type PoliteOptions, politeJson } from './polite-request.ts';
import { outcomeOf } from './web-source.ts';

const MEDIA_FIELDS =
  'id,media_type,media_url,permalink,timestamp,caption,children{media_type,media_url}';

const media = z.object({
  id: z.string(),
  media_type: z.enum(['IMAGE', 'VIDEO', 'CAROUSEL_ALBUM']),
  media_url: z.url().optional(),
  permalink: z.url(),
  timestamp: z.string().optional(),
  caption: z.string().optional(),
  children: z
    .object({ data: z.array(z.object({ media_type: z.string(), media_url: z.url().optional() })) })
    .optional(),
});

const discovery = z.object({
  business_discovery: z.object({
    media: z.object({
      data: z.array(media),
      paging: z
        .object({
          cursors: z.object({ after: z.string().optional() }).optional(),
          next: z.string().optional(),
        })
        .optional(),
    }),
  }),
});

export class InstagramGraphSource implements InstagramSource {
  readonly name = 'graph-api';

  constructor(
    private readonly graph: { baseUrl: string; token: string; userId: string },
    private readonly request: Omit<PoliteOptions, 'headers'> & { userAgent: string },
  ) {}

  async fetchPosts(handle: string, maxPosts: number): Promise<InstagramOutcome> {
    const posts: InstagramPost[] = [];
    try {
      let after: string | undefined;
      let more = false;
      const cursors = new Set<string>();
      do {
        const page = after ? `.after(${after})` : '';
        const fields = `business_discovery.username(${handle}){media${page}.limit(50){${MEDIA_FIELDS}}}`;
        const url = `${this.graph.baseUrl}/${this.graph.userId}?fields=${encodeURIComponent(fields)}&access_token=${encodeURIComponent(this.graph.token)}`;
        const answer = discovery.parse(await this.get(url)).business_discovery.media;
        posts.push(...answer.data.map(toPost));
        more = Boolean(answer.paging?.next);
        after = more ? answer.paging?.cursors?.after : undefined;
      } while (posts.length < maxPosts && nextPage(cursors, after));
      return {
        status: 'ok',
        posts: posts.slice(0, maxPosts),
        truncated: more || posts.length > maxPosts,
      };
    } catch (error) {
      return outcomeOf(error, posts);
    }
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
