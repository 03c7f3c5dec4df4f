import { expect } from 'chai';
import { fetch } from 'undici';
import { InstagramGraphSource } from '../../scraper/instagram/graph-source.ts';
import type { FetchLike } from '../../scraper/instagram/polite-request.ts';
import { InstagramWebSource } from '../../scraper/instagram/web-source.ts';
import { SsrfGuard } from '../../scraper/ssrf-guard.ts';
import { type FakeInstagram, startFakeInstagram } from './fake-instagram.ts';

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

  describe('Graph API business discovery', () => {
    const graph = (token = 'test-graph-token-123') =>
      new InstagramGraphSource(
        { baseUrl: `${instagram.origin}/v21.0`, token, userId: '17841400000000000' },
        request,
      );

    it('reads media with cursor paging, carousel children and no videos', async () => {
      const outcome = await graph().fetchPosts('graph.artist', 50);
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
});
