// Instagram's public web endpoints, for accounts without a Graph API token. They change every
// few months; both answer shapes seen so far are read.
import { z } from 'zod';
import {
  type InstagramOutcome,
  type InstagramPost,
  type InstagramSource,
  nextPage,
} from './instagram-post.ts';
import {
  InstagramNotFoundError,
  InstagramRefusedError,
  type PoliteOptions,
  politeJson,
} from './polite-request.ts';
import { postsFromEdges, postsFromItems, restFeed, timelineMedia } from './web-shapes.ts';

/** The web app's id, which these endpoints expect in `x-ig-app-id`. */
const WEB_APP_ID = '936619743392459';

const profile = z.object({
  data: z.object({
    user: z
      .object({
        id: z.string(),
        is_private: z.boolean().default(false),
        edge_owner_to_timeline_media: timelineMedia.optional(),
      })
      .nullable(),
  }),
});

const graphqlPage = z.object({
  data: z.object({ user: z.object({ edge_owner_to_timeline_media: timelineMedia }) }),
});

export class InstagramWebSource implements InstagramSource {
  readonly name = 'web';

  constructor(
    private readonly baseUrl: string,
    private readonly request: Omit<PoliteOptions, 'headers'> & { userAgent: string },
  ) {}

  async fetchPosts(handle: string, maxPosts: number): Promise<InstagramOutcome> {
    const posts: InstagramPost[] = [];
    try {
      const first = profile.parse(
        await this.get(`/api/v1/users/web_profile_info/?username=${encodeURIComponent(handle)}`),
      );
      const user = first.data.user;
      if (!user)
        return { status: 'not-found', posts, reason: `No Instagram account named ${handle}` };
      if (user.is_private) return { status: 'private', posts, reason: `@${handle} is private` };
      let more: boolean;
      let total: number | undefined;
      if (user.edge_owner_to_timeline_media) {
        // GraphQL edge shape, paged through graphql/query.
        let page = user.edge_owner_to_timeline_media;
        total = page.count;
        posts.push(...postsFromEdges(page, this.baseUrl));
        const cursors = new Set<string>();
        while (
          page.page_info.has_next_page &&
          posts.length < maxPosts &&
          nextPage(cursors, page.page_info.end_cursor)
        ) {
          const variables = JSON.stringify({
            id: user.id,
            first: 12,
            after: page.page_info.end_cursor,
          });
          page = graphqlPage.parse(
            await this.get(`/graphql/query/?variables=${encodeURIComponent(variables)}`),
          ).data.user.edge_owner_to_timeline_media;
          posts.push(...postsFromEdges(page, this.baseUrl));
        }
        more = page.page_info.has_next_page;
      } else {
        // REST item shape, paged by max_id.
        let maxId: string | null | undefined;
        const cursors = new Set<string>();
        do {
          const query = maxId ? `?count=12&max_id=${encodeURIComponent(maxId)}` : '?count=12';
          const page = restFeed.parse(await this.get(`/api/v1/feed/user/${user.id}/${query}`));
          posts.push(...postsFromItems(page, this.baseUrl));
          maxId = page.more_available ? page.next_max_id : undefined;
        } while (posts.length < maxPosts && nextPage(cursors, maxId));
        more = Boolean(maxId);
      }
      return readOutcome(posts, maxPosts, more, total);
    } catch (error) {
      return outcomeOf(error, posts);
    }
  }

  private get(path: string): Promise<unknown> {
    return politeJson(`${this.baseUrl}${path}`, {
      ...this.request,
      headers: {
        'x-ig-app-id': WEB_APP_ID,
        'user-agent': this.request.userAgent,
        accept: 'application/json',
      },
    });
  }
}

/**
 * A read that went through: at most `maxPosts`, truncated when the account may have more (the
 * last page said so) or more were read than kept.
 */
export function readOutcome(
  posts: InstagramPost[],
  maxPosts: number,
  more: boolean,
  total?: number,
): InstagramOutcome {
  return {
    status: 'ok',
    posts: posts.slice(0, maxPosts),
    truncated: more || posts.length > maxPosts,
    ...(total !== undefined && { total }),
  };
}

/** What an error means for the artist's outcome; posts read before it are kept. */
export function outcomeOf(error: unknown, posts: InstagramPost[]): InstagramOutcome {
  if (error instanceof InstagramNotFoundError)
    return { status: 'not-found', posts, reason: error.message };
  if (error instanceof InstagramRefusedError) {
    return { status: 'refused', posts, reason: `Instagram refused: ${error.message}` };
  }
  if (error instanceof z.ZodError) {
    return {
      status: 'refused',
      posts,
      reason: `Instagram answered in a shape we do not know: ${z.prettifyError(error)}`,
    };
  }
  // Anything else (a timestamp that is not a date, a bug of ours) is this account's outcome,
  // not a reason to lose the artist's website images.
  return {
    status: 'refused',
    posts,
    reason: `Reading Instagram failed: ${(error as Error).message}`,
  };
}
