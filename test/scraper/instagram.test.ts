import { expect } from 'chai';
import { fetch } from 'undici';
import { GRAPH_API_VERSION, readScraperConfig } from '../../scraper/config.ts';
import { InstagramGraphSource } from '../../scraper/instagram/graph-source.ts';
import type { FetchLike } from '../../scraper/instagram/polite-request.ts';
import { InstagramWebSource } from '../../scraper/instagram/web-source.ts';
import { SsrfGuard } from '../../scraper/web/ssrf-guard.ts';
import {
  CAPTURES,
  type FakeInstagram,
  instagramCapture,
  olderMedia,
  SECOND_PAGE_CURSOR,
  SECOND_PAGE_SIZE,
  startFakeInstagram,
} from './fake-instagram.ts';

// biome-ignore lint/suspicious/noExplicitAny: the captures are read as the untyped JSON they are
const capture = (file: string): any => JSON.parse(instagramCapture(file).toString('utf8'));

describe('Instagram sources (against a fake Instagram on 127.0.0.1)', () => {
  let instagram: FakeInstagram;
  const dispatcher = new SsrfGuard(['127.0.0.1']).dispatcher();
  const guardedFetch: FetchLike = (url, init) =>
    fetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
  const request = {
    fetch: guardedFetch,
    userAgent: 'portfolio-pipeline/test',
    retries: 2,
    minDelayMs: 5,
  };
  const web = () => new InstagramWebSource(instagram.origin, request);

  beforeEach(async () => {
    instagram = await startFakeInstagram();
  });
  afterEach(() => instagram.close());
  after(() => dispatcher.close());

  it('reads the GraphQL edge shape with paging, carousels and no videos', async () => {
    const outcome = await web().fetchPosts('edge.artist', 50);
    expect(outcome.status).to.equal('ok');
    expect(outcome.posts.map((p) => p.images.map((i) => i.url))).to.deep.equal([
      [instagram.image('edge-1')],
      [instagram.image('edge-2a'), instagram.image('edge-2b')],
      [],
      [instagram.image('edge-4')],
    ]);
    expect(outcome.posts[0]).to.deep.equal({
      id: '1',
      permalink: `${instagram.origin}/p/SC1/`,
      caption: 'Caption 1 🌹',
      takenAt: new Date((1_700_000_000 + 1) * 1000).toISOString(),
      images: [{ url: instagram.image('edge-1'), width: 1080, height: 1350 }],
    });
  });

  it('reads the REST item shape with max_id paging, the largest candidate, carousels and no videos', async () => {
    const outcome = await web().fetchPosts('rest.artist', 50);
    expect(outcome).to.deep.include({ status: 'ok', truncated: false });
    expect(outcome.posts.map((p) => [p.id, p.images])).to.deep.equal([
      ['21', [{ url: instagram.image('rest-21-1440'), width: 1440, height: 1800 }]],
      ['22', [{ url: instagram.image('rest-22a-1440'), width: 1440, height: 1800 }]],
      ['23', []],
    ]);
    expect(outcome.posts[0]?.caption).to.equal('Blackwork');
  });

  it('stops at the post budget and says so', async () => {
    const outcome = await web().fetchPosts('edge.artist', 2);
    expect(outcome).to.deep.include({ status: 'ok', truncated: true });
    expect(outcome.posts).to.have.length(2);
    expect(instagram.requests.filter((p) => p.startsWith('/graphql/'))).to.deep.equal([]);
  });

  it('reports private and unknown accounts', async () => {
    expect(await web().fetchPosts('private.artist', 10)).to.deep.equal({
      status: 'private',
      posts: [],
      reason: '@private.artist is private',
    });
    expect(await web().fetchPosts('nobody.here', 10)).to.deep.equal({
      status: 'not-found',
      posts: [],
      reason: 'No Instagram account named nobody.here',
    });
  });

  it('waits out 429 (Retry-After) and 401 "please wait", then reads the profile', async () => {
    instagram.refusals.set('slow.artist', { kind: '429', remaining: 2 });
    expect((await web().fetchPosts('slow.artist', 50)).status).to.equal('ok');
    instagram.refusals.set('wait.artist', { kind: '401', remaining: 1 });
    expect((await web().fetchPosts('wait.artist', 50)).status).to.equal('ok');
  });

  it('honours Retry-After before asking again', async () => {
    instagram.refusals.set('patient.artist', { kind: '429', remaining: 1, retryAfter: '1' });
    expect((await web().fetchPosts('patient.artist', 50)).status).to.equal('ok');
    const profile = instagram.arrivals.filter((a) => a.path === '/api/v1/users/web_profile_info/');
    expect(profile).to.have.length(2);
    expect((profile[1]?.at ?? 0) - (profile[0]?.at ?? 0)).to.be.at.least(950);
  });

  it('stops paging when the endpoint repeats its cursor with empty pages', async () => {
    expect(await web().fetchPosts('loop.artist', 50)).to.deep.equal({
      status: 'ok',
      posts: [],
      truncated: true,
    });
    expect(
      instagram.requests.filter((p) => p.startsWith('/api/v1/feed/user/4004/')),
    ).to.have.length(2);
  });

  it('treats a page that is not JSON (a login wall served with 200) as a refusal', async () => {
    expect(await web().fetchPosts('html.artist', 50)).to.deep.include({
      status: 'refused',
      posts: [],
    });
  });

  it('gives up after repeated refusals with a reason, for each kind of refusal', async () => {
    const reasons: Record<string, string> = {
      '429': 'Instagram refused: rate limited (429), 3 times',
      '401': 'Instagram refused: asked to wait (401), 3 times',
      login: 'Instagram refused: redirected to the login page, 3 times',
      checkpoint: 'Instagram refused: checkpoint required, 3 times',
    };
    for (const kind of ['429', '401', 'login', 'checkpoint'] as const) {
      const handle = `refusing.${kind}`;
      instagram.refusals.set(handle, { kind, remaining: Number.POSITIVE_INFINITY });
      const outcome = await web().fetchPosts(handle, 50);
      expect(outcome, kind).to.deep.equal({ status: 'refused', posts: [], reason: reasons[kind] });
      const attempts = instagram.requests.filter((p) => p.includes(`username=${handle}`));
      expect(attempts, kind).to.have.length(3); // the first try and 2 retries
    }
  });

  describe('the web path on real captures', () => {
    it('reads the web profile capture: 12 posts, photos and sidecar photos, videos skipped', async () => {
      const user = capture(CAPTURES.webProfile).data.user;
      const nodes = user.edge_owner_to_timeline_media.edges.map(
        (edge: { node: unknown }) => edge.node,
      );
      const outcome = await web().fetchPosts('robertdowneyjr', 12);
      // The capture says has_next_page: true; 12 posts are the budget, so nothing more is asked.
      // How many posts the account holds comes with the first page: a read's coverage.
      expect(outcome).to.deep.include({
        status: 'ok',
        truncated: true,
        total: user.edge_owner_to_timeline_media.count,
      });
      expect(instagram.requests.filter((p) => p.startsWith('/graphql/'))).to.deep.equal([]);
      expect(outcome.posts.map((p) => p.images.length)).to.deep.equal([
        0, 7, 0, 2, 2, 1, 1, 0, 1, 1, 0, 1,
      ]);
      expect(outcome.posts.map((p) => p.id)).to.deep.equal(nodes.map((n: { id: string }) => n.id));

      const sidecar = outcome.posts[1];
      expect(sidecar).to.deep.include({
        id: '2831580432341165696',
        permalink: `${instagram.origin}/p/CdLy2aepGaA/`,
        takenAt: '2022-05-05T17:11:53.000Z',
      });
      const children = nodes[1].edge_sidecar_to_children.edges.map(
        (edge: { node: { is_video: boolean; display_url: string } }) => edge.node,
      );
      expect(children).to.have.length(10);
      expect(sidecar?.images.map((i) => i.url)).to.deep.equal(
        children
          .filter((c: { is_video: boolean }) => !c.is_video)
          .map((c: { display_url: string }) => c.display_url),
      );
      expect(sidecar?.images[0]).to.deep.include({ width: 1080, height: 1350 });
      expect(sidecar?.images[0]?.url).to.match(/\/279923746_752618449450106_/);

      const photo = outcome.posts[5];
      expect(photo).to.deep.equal({
        id: '2809059524532288506',
        permalink: `${instagram.origin}/p/Cb7yMEorLv6/`,
        takenAt: '2022-04-04T15:26:51.000Z',
        images: [{ url: nodes[5].display_url, width: 1080, height: 1080 }],
      });
      expect(outcome.posts[0]?.caption).to.match(/^Tired of lack luster home care products\?/);
    });

    it('reads the REST media-info carousel capture: 3 photos, each at its largest candidate', async () => {
      const item = capture(CAPTURES.restCarousel).items[0];
      const outcome = await web().fetchPosts('rest.capture', 50);
      expect(outcome).to.deep.include({ status: 'ok', truncated: false });
      expect(outcome.posts).to.have.length(1);
      const post = outcome.posts[0];
      expect(post).to.deep.include({
        id: '2317006284167526179_305701719',
        permalink: `${instagram.origin}/p/CAnqPB-Jzcj/`,
        takenAt: '2020-05-25T17:44:54.000Z',
      });
      expect(post?.caption).to.match(/^Today, #LetsGetLoud for our heroes!/);
      expect(post?.images.map((i) => [i.width, i.height])).to.deep.equal([
        [1440, 1440],
        [1242, 1242],
        [1440, 1440],
      ]);
      expect(post?.images.map((i) => i.url)).to.deep.equal(
        item.carousel_media.map(
          (child: { image_versions2: { candidates: { url: string }[] } }) =>
            child.image_versions2.candidates[0]?.url,
        ),
      );
      expect(post?.images[1]?.url).to.match(/\/100790095_2929197517155907_/);
    });
  });

  describe('Graph API business discovery', () => {
    const graph = (token = 'test-graph-token-123', pageSize?: number) =>
      new InstagramGraphSource(
        {
          baseUrl: `${instagram.origin}/${GRAPH_API_VERSION}`,
          token,
          userId: '17841400000000000',
        },
        request,
        pageSize,
      );
    const discoveryFields = () =>
      instagram.requests
        .filter((path) => path.startsWith(`/${GRAPH_API_VERSION}/`))
        .map((path) => new URL(path, instagram.origin).searchParams.get('fields') ?? '');

    it('reads media with cursor paging, carousel children and no videos', async () => {
      const outcome = await graph(undefined, 2).fetchPosts('graph.artist', 50);
      expect(outcome).to.deep.include({ status: 'ok', truncated: false });
      expect(outcome.posts.map((p) => [p.id, p.images.map((i) => i.url)])).to.deep.equal([
        ['31', [instagram.image('graph-31')]],
        ['32', [instagram.image('graph-32a')]],
        ['33', []],
      ]);
      expect(outcome.posts[0]).to.deep.include({
        permalink: 'https://www.instagram.com/p/G31/',
        caption: 'Graph 31',
        takenAt: '2024-05-01T10:00:00.000Z',
      });
      expect(discoveryFields()[1]).to.include('{media.after(AFTER-1).limit(2){');
    });

    describe('on the real business-discovery capture (30 media, cursors.after, no paging.next)', () => {
      const real = () => capture(CAPTURES.businessDiscovery).business_discovery.media;

      it('has the shape the paging is written for', () => {
        const media = real();
        expect(media.data).to.have.length(30);
        expect(Object.keys(media.paging)).to.deep.equal(['cursors']);
        expect(media.paging.cursors.after).to.match(/^QVFIU/);
      });

      it('reads every post of both pages, asking for the second after the capture’s cursor, and stops on the short page', async () => {
        const media = real();
        const outcome = await graph(undefined, 30).fetchPosts('bluebottle', 100);
        expect(outcome).to.deep.include({
          status: 'ok',
          truncated: false,
          total: capture(CAPTURES.businessDiscovery).business_discovery.media_count,
        });
        const second = olderMedia(media.data).slice(0, SECOND_PAGE_SIZE);
        expect(outcome.posts.map((p) => p.id)).to.deep.equal(
          [...media.data, ...second].map((item: { id: string }) => item.id),
        );
        expect(outcome.posts).to.have.length(42);

        const fields = discoveryFields();
        expect(fields).to.have.length(2);
        expect(fields[0]).to.equal(
          'business_discovery.username(bluebottle){media.limit(30){id,media_type,media_url,permalink,timestamp,caption,children{media_type,media_url}},media_count}',
        );
        expect(fields[1]).to.include(`{media.after(${media.paging.cursors.after}).limit(30){`);
        expect(fields.join()).not.to.include(SECOND_PAGE_CURSOR);

        // A carousel: each child photo at its media_url, not the cover.
        expect(outcome.posts[0]).to.deep.equal({
          id: '17976197140599116',
          permalink: 'https://www.instagram.com/p/CfUjwr8vyv2/',
          caption: media.data[0].caption,
          takenAt: '2022-06-27T19:55:59.000Z',
          images: media.data[0].children.data.map((child: { media_url: string }) => ({
            url: child.media_url,
          })),
        });
        expect(outcome.posts[0]?.images).to.have.length(4);
        // A photo.
        expect(outcome.posts[1]).to.deep.include({
          id: '17932927286133405',
          permalink: 'https://www.instagram.com/p/CfHURDVMiuk/',
          images: [{ url: media.data[1].media_url }],
        });
        expect(outcome.posts[1]?.images[0]?.url).to.match(
          /^https:\/\/scontent-lax3-2\.cdninstagram\.com\/v\/t51\.2885-15\/289431340_/,
        );
        // The three videos are read as posts without photos.
        const page1 = outcome.posts.slice(0, 30);
        expect(
          page1.filter((p) => p.permalink.includes('/tv/')).map((p) => p.images),
        ).to.deep.equal([[], [], []]);
        expect(page1.flatMap((p) => p.images)).to.have.length(40);
      });

      it('says truncated when it stops at the post budget with a full page behind it', async () => {
        const first = await graph(undefined, 30).fetchPosts('bluebottle', 30);
        expect(first).to.deep.include({ status: 'ok', truncated: true });
        expect(first.posts).to.have.length(30);
        expect(discoveryFields()).to.have.length(1);

        const more = await graph(undefined, 30).fetchPosts('bluebottle', 35);
        expect(more).to.deep.include({ status: 'ok', truncated: true });
        expect(more.posts).to.have.length(35);
        expect(discoveryFields()[2]).to.include('.limit(5){');
      });

      it('stops without looping when a full page gives the same cursor again', async () => {
        const outcome = await graph(undefined, 30).fetchPosts('bluebottle.loop', 1000);
        expect(outcome).to.deep.include({ status: 'ok', truncated: false });
        expect(outcome.posts).to.have.length(60);
        const after = `.after(${real().paging.cursors.after})`;
        expect(discoveryFields().map((f) => f.includes(after))).to.deep.equal([false, true]);
      });

      it('asks the default page size and takes a shorter first page as the end', async () => {
        const outcome = await graph().fetchPosts('bluebottle', 100);
        expect(outcome).to.deep.include({ status: 'ok', truncated: false });
        expect(outcome.posts).to.have.length(30);
        expect(discoveryFields()).to.have.length(1);
        expect(discoveryFields()[0]).to.include('{media.limit(50){');
      });
    });

    it('retries a rate limit, refuses a bad token at once, and reports an unknown handle', async () => {
      instagram.refusals.set('graph', { kind: '429', remaining: 1 });
      expect((await graph().fetchPosts('graph.artist', 50)).status).to.equal('ok');
      const before = instagram.requests.length;
      expect(await graph('wrong-token-000').fetchPosts('graph.artist', 50)).to.deep.equal({
        status: 'refused',
        posts: [],
        reason: 'Instagram refused: the Graph API token is invalid or expired (code 190)',
      });
      expect(instagram.requests.length - before).to.equal(1);
      const unknown = await graph().fetchPosts('nobody.here', 50);
      expect(unknown.status).to.equal('not-found');
      expect(JSON.stringify(unknown)).not.to.include('test-graph-token-123');
    });
  });

  describe('Graph API version', () => {
    const graphEnv = { INSTAGRAM_GRAPH_TOKEN: 'EAAG-test-token', INSTAGRAM_GRAPH_USER_ID: '1784' };

    it('defaults to the current version, v25.0', () => {
      expect(GRAPH_API_VERSION).to.equal('v25.0');
      expect(readScraperConfig(graphEnv).graph?.baseUrl).to.equal(
        'https://graph.facebook.com/v25.0',
      );
    });

    it('takes another version from INSTAGRAM_GRAPH_VERSION, or the whole base from INSTAGRAM_GRAPH_BASE_URL', () => {
      expect(
        readScraperConfig({ ...graphEnv, INSTAGRAM_GRAPH_VERSION: 'v26.0' }).graph?.baseUrl,
      ).to.equal('https://graph.facebook.com/v26.0');
      expect(
        readScraperConfig({ ...graphEnv, INSTAGRAM_GRAPH_BASE_URL: 'http://127.0.0.1:9/v24.0/' })
          .graph?.baseUrl,
      ).to.equal('http://127.0.0.1:9/v24.0');
    });

    it('refuses a malformed version, and a version beside a whole base', () => {
      expect(() => readScraperConfig({ ...graphEnv, INSTAGRAM_GRAPH_VERSION: '26.0' })).to.throw(
        'INSTAGRAM_GRAPH_VERSION: Expected a Graph API version such as v25.0; received "26.0"',
      );
      expect(() =>
        readScraperConfig({
          ...graphEnv,
          INSTAGRAM_GRAPH_VERSION: 'v26.0',
          INSTAGRAM_GRAPH_BASE_URL: 'https://graph.facebook.com/v25.0',
        }),
      ).to.throw(
        'INSTAGRAM_GRAPH_VERSION: INSTAGRAM_GRAPH_BASE_URL already includes the version: set one of the two; received "v26.0"',
      );
    });
  });
});
