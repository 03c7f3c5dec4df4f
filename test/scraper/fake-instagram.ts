// A fake Instagram on 127.0.0.1 that answers with the real endpoints' JSON shapes: the web
// profile (GraphQL edge shape), graphql/query paging, the REST feed (item shape), the Graph
// API's business discovery, and the refusals (429, 401 please wait, login redirect, checkpoint).
// Some handles answer with real captured responses (the fixtures' instagram/, from the cache), read where
// they lie.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { GRAPH_API_VERSION } from '../../scraper/config.ts';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.ts';
import { cachedFixtures } from '../support/fixtures.ts';

/** A real Instagram response from the fixture cache (`npm run fixtures`). */
export function instagramCapture(file: string): Buffer {
  return readFileSync(join(cachedFixtures('instagram', 'SOURCES.md'), file));
}

/** The captures of the fixtures' instagram/SOURCES.md, by what they answer. */
export const CAPTURES = {
  webProfile: 'pgrimaud-web-profile-info-12-posts.json',
  restCarousel: 'pgrimaud-rest-media-info-carousel.json',
  businessDiscovery: 'bkrs-graph-business-discovery-bluebottle.json',
} as const;

/** The user id behind the REST capture's media id (`<media>_<user>`). */
const REST_CAPTURE_USER = '305701719';
/** The cursor the fake's second business-discovery page ends with. */
export const SECOND_PAGE_CURSOR = 'SECOND-PAGE-CURSOR';
/** How many media the fake's second (short) business-discovery page holds. */
export const SECOND_PAGE_SIZE = 12;

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body));
};

export interface FakeInstagram extends FixtureServer {
  image(name: string): string;
  /** Answers for a handle that refuses: how many refusals before it answers (Infinity: never). */
  refusals: Map<
    string,
    { kind: '429' | '401' | 'login' | 'checkpoint'; remaining: number; retryAfter?: string }
  >;
  /** When each request arrived (ms), by path. */
  arrivals: { path: string; at: number }[];
}

export async function startFakeInstagram(): Promise<FakeInstagram> {
  const server = (await startFixtureServer()) as FakeInstagram;
  server.refusals = new Map();
  server.arrivals = [];
  const lookup = server.routes.get.bind(server.routes);
  server.routes.get = (path: string) => {
    server.arrivals.push({ path, at: performance.now() });
    return lookup(path);
  };
  const image = (name: string) => `${server.origin}/media/${name}.jpg`;
  server.image = image;

  const edgeNode = (id: string, extra: object = {}) => ({
    id,
    shortcode: `SC${id}`,
    is_video: false,
    display_url: image(`edge-${id}`),
    dimensions: { width: 1080, height: 1350 },
    taken_at_timestamp: 1_700_000_000 + Number(id),
    edge_media_to_caption: { edges: [{ node: { text: `Caption ${id} 🌹` } }] },
    ...extra,
  });

  const refuse = (handle: string, res: ServerResponse): boolean => {
    const refusal = server.refusals.get(handle);
    if (!refusal || refusal.remaining <= 0) return false;
    refusal.remaining--;
    if (refusal.kind === '429')
      json(res, 429, { message: 'rate limited' }, { 'retry-after': refusal.retryAfter ?? '0' });
    if (refusal.kind === '401')
      json(res, 401, {
        message: 'Please wait a few minutes before you try again.',
        require_login: true,
      });
    if (refusal.kind === 'login')
      res.writeHead(302, { location: `${server.origin}/accounts/login/?next=/` }).end();
    if (refusal.kind === 'checkpoint')
      json(res, 400, { message: 'checkpoint_required', checkpoint_url: '/challenge/' });
    return true;
  };

  server.routes.set(
    '/api/v1/users/web_profile_info/',
    (req: IncomingMessage, res: ServerResponse) => {
      const handle = new URL(req.url ?? '/', server.origin).searchParams.get('username') ?? '';
      if (refuse(handle, res)) return;
      if (handle === 'robertdowneyjr') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(instagramCapture(CAPTURES.webProfile));
        return;
      }
      if (handle === 'rest.capture') {
        return json(res, 200, {
          data: { user: { id: REST_CAPTURE_USER, is_private: false } },
        });
      }
      if (handle === 'edge.artist' || server.refusals.has(handle)) {
        json(res, 200, {
          data: {
            user: {
              id: '1001',
              is_private: false,
              edge_owner_to_timeline_media: {
                count: 4,
                page_info: { has_next_page: true, end_cursor: 'cursor-1' },
                edges: [
                  { node: edgeNode('1') },
                  {
                    node: edgeNode('2', {
                      edge_sidecar_to_children: {
                        edges: [
                          {
                            node: {
                              is_video: false,
                              display_url: image('edge-2a'),
                              dimensions: { width: 1080, height: 1080 },
                            },
                          },
                          { node: { is_video: true, display_url: image('edge-2-video-poster') } },
                          { node: { is_video: false, display_url: image('edge-2b') } },
                        ],
                      },
                    }),
                  },
                ],
              },
            },
          },
        });
        return;
      }
      if (handle === 'loop.artist') {
        return json(res, 200, { data: { user: { id: '4004', is_private: false } } });
      }
      if (handle === 'html.artist') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Log in</body></html>');
        return;
      }
      if (handle === 'rest.artist')
        return json(res, 200, { data: { user: { id: '2002', is_private: false } } });
      if (handle === 'private.artist')
        return json(res, 200, { data: { user: { id: '3003', is_private: true } } });
      json(res, 200, { data: { user: null } });
    },
  );

  server.routes.set('/graphql/query/', (req, res) => {
    const variables = JSON.parse(
      new URL(req.url ?? '/', server.origin).searchParams.get('variables') ?? '{}',
    );
    if (variables.after !== 'cursor-1' || variables.id !== '1001')
      return json(res, 400, { message: 'bad cursor' });
    json(res, 200, {
      data: {
        user: {
          edge_owner_to_timeline_media: {
            page_info: { has_next_page: false, end_cursor: null },
            edges: [{ node: edgeNode('3', { is_video: true }) }, { node: edgeNode('4') }],
          },
        },
      },
    });
  });

  const candidates = (name: string) => ({
    candidates: [
      { url: image(`${name}-320`), width: 320, height: 400 },
      { url: image(`${name}-1440`), width: 1440, height: 1800 },
      { url: image(`${name}-640`), width: 640, height: 800 },
    ],
  });
  server.routes.set('/api/v1/feed/user/2002/', (req, res) => {
    const maxId = new URL(req.url ?? '/', server.origin).searchParams.get('max_id');
    if (!maxId) {
      return json(res, 200, {
        items: [
          {
            id: '21',
            code: 'R21',
            taken_at: 1_710_000_000,
            media_type: 1,
            caption: { text: 'Blackwork' },
            image_versions2: candidates('rest-21'),
          },
          {
            id: '22',
            code: 'R22',
            taken_at: 1_710_000_100,
            media_type: 8,
            caption: null,
            carousel_media: [
              { media_type: 1, image_versions2: candidates('rest-22a') },
              { media_type: 2, image_versions2: candidates('rest-22-video') },
            ],
          },
        ],
        more_available: true,
        next_max_id: 'max-1',
      });
    }
    json(res, 200, {
      items: [
        { id: '23', code: 'R23', media_type: 2, image_versions2: candidates('rest-23-video') },
      ],
      more_available: false,
      next_max_id: null,
    });
  });

  server.routes.set(`/api/v1/feed/user/${REST_CAPTURE_USER}/`, (_req, res) => {
    // The media-info capture answers the REST item shape, as a feed page does.
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(instagramCapture(CAPTURES.restCarousel));
  });

  server.routes.set(`/${GRAPH_API_VERSION}/17841400000000000`, (req, res) => {
    const url = new URL(req.url ?? '/', server.origin);
    const token = url.searchParams.get('access_token');
    const fields = url.searchParams.get('fields') ?? '';
    if (token !== 'test-graph-token-123') {
      return json(res, 400, {
        error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
      });
    }
    if (refuse('graph', res)) return;
    const bluebottle = /^business_discovery\.username\((bluebottle(?:\.loop)?)\)/.exec(fields);
    if (bluebottle) return businessDiscovery(res, fields, bluebottle[1] === 'bluebottle.loop');
    if (!fields.includes('business_discovery.username(graph.artist)')) {
      return json(res, 400, { error: { message: 'Cannot find User', code: 110 } });
    }
    const media = (id: string, extra: object = {}) => ({
      id,
      media_type: 'IMAGE',
      media_url: image(`graph-${id}`),
      permalink: `https://www.instagram.com/p/G${id}/`,
      timestamp: '2024-05-01T10:00:00+0000',
      caption: `Graph ${id}`,
      ...extra,
    });
    if (!fields.includes('.after(AFTER-1)')) {
      return json(res, 200, {
        business_discovery: {
          media: {
            data: [
              media('31'),
              media('32', {
                media_type: 'CAROUSEL_ALBUM',
                media_url: image('graph-32-cover'),
                children: {
                  data: [
                    { media_type: 'IMAGE', media_url: image('graph-32a') },
                    { media_type: 'VIDEO', media_url: image('graph-32-video') },
                  ],
                },
              }),
            ],
            // As the real API answers: a cursor, no `paging.next`.
            paging: { cursors: { after: 'AFTER-1' } },
          },
        },
      });
    }
    json(res, 200, {
      business_discovery: {
        media: { data: [media('33', { media_type: 'VIDEO' })], paging: { cursors: {} } },
      },
    });
  });

  /**
   * Business discovery of the real capture: page 1 is the capture (cut to the limit asked);
   * after its cursor, a short page of older media built from the same items with another cursor,
   * or (`loop`) a full page that gives the capture's cursor again. Any other cursor is refused.
   */
  function businessDiscovery(res: ServerResponse, fields: string, loop: boolean) {
    const capture = JSON.parse(instagramCapture(CAPTURES.businessDiscovery).toString('utf8'));
    const media = capture.business_discovery.media;
    const limit = Number(/\.limit\((\d+)\)/.exec(fields)?.[1] ?? 25);
    const after = /\.after\(([^)]*)\)/.exec(fields)?.[1];
    const answer = (data: unknown[], cursor: string) =>
      json(res, 200, {
        ...capture,
        business_discovery: {
          ...capture.business_discovery,
          media: { data: data.slice(0, limit), paging: { cursors: { after: cursor } } },
        },
      });
    if (after === undefined) return answer(media.data, media.paging.cursors.after);
    if (after !== media.paging.cursors.after) {
      return json(res, 400, {
        error: { message: 'Invalid cursor', type: 'GraphMethodException', code: 100 },
      });
    }
    const older = olderMedia(media.data);
    if (loop) return answer(older, media.paging.cursors.after);
    return answer(older.slice(0, SECOND_PAGE_SIZE), SECOND_PAGE_CURSOR);
  }

  // An endpoint that always says there is more, with nothing in it.
  server.routes.set('/api/v1/feed/user/4004/', (_req, res) => {
    json(res, 200, { items: [], more_available: true, next_max_id: 'again' });
  });

  server.routes.set('/accounts/login/', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Log in</html>');
  });
  return server;
}

/** The capture's media as a page of older posts: the same items under other ids. */
export function olderMedia<T extends { id: string }>(data: T[]): T[] {
  return data.map((item) => ({ ...item, id: `${item.id}0` }));
}
