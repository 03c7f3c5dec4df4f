// The artist API's contract on the stand-ins: routes, pagination, validation, caching.
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { expect } from 'chai';
import { altText, encodeCursor, handleApiRequest } from '../../../core/api/artist-api.ts';
import { DynamoCatalog } from '../../../core/api/catalog.ts';
import type { ArtistPage, ArtistsPage } from '../../../core/api/contract.ts';
import { ArtistCovers } from '../../../core/artists/artist-covers.ts';
import { ArtistRegistry } from '../../../core/artists/artists.ts';
import { DirectoryIndex } from '../../../core/artists/directory-index.ts';
import { ImageRecords } from '../../../core/images/image-records.ts';
import { type SourceRead, SourceSyncs } from '../../../core/sources/source-syncs.ts';
import { fromTheCdn, handleApiEvent } from '../../../functions/artist-api/adapter.ts';
import { handler } from '../../../functions/artist-api/handler.ts';
import { apiEventFor } from '../../../local/api-event.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';
import { logCommands } from '../../support/command-log.ts';
import { idOf, okRecord as record } from '../../support/ok-records.ts';

describe('Artist API on the stand-ins', function () {
  this.timeout(60_000);
  let standIns: StandIns;
  let catalog: DynamoCatalog;
  let commands: string[] = [];
  let recording = false;

  const get = async (path: string, query: Record<string, string> = {}, headers = {}) => {
    recording = true;
    const response = await handleApiRequest(catalog, { method: 'GET', path, query, headers });
    recording = false;
    return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
  };

  /** Deletes the image records a test added, so that no other test sees them. */
  const removeImages = async (artist: string, ns: number[]) => {
    for (const n of ns)
      await standIns.clients.dynamo.send(
        new DeleteCommand({
          TableName: standIns.config.tableName,
          Key: { pk: `ARTIST#${artist}`, sk: `IMAGE#${idOf(n)}` },
        }),
      );
  };

  before(async () => {
    standIns = await startStandIns({});
    const { dynamo } = standIns.clients;
    // Every command the API sends is recorded: a visitor's request must never Scan.
    commands = logCommands(dynamo, () => recording);
    const registry = new ArtistRegistry(dynamo, standIns.config.tableName);
    await registry.add({
      slug: 'ana-ink',
      name: 'Ana',
      city: 'Lyon',
      websites: ['https://ana.example/'],
      instagram: 'ana.ink',
      active: true,
    });
    await registry.add({ slug: 'bo-lines', name: 'Bo', websites: [], active: true });
    const records = new ImageRecords(dynamo, standIns.config.tableName);
    // As the optimizer does: each image shown is offered as its artist's cover.
    const covers = new ArtistCovers(dynamo, standIns.config.tableName);
    for (let n = 1; n <= 30; n++) {
      await records.putNew(record('ana-ink', n));
      await covers.offer(record('ana-ink', n));
    }
    // As the optimizer and `artists add` do: each artist's directory entry (city, styles).
    const directory = new DirectoryIndex(dynamo, standIns.config.tableName);
    for (const slug of ['ana-ink', 'bo-lines']) await directory.refresh(slug);
    catalog = new DynamoCatalog(dynamo, standIns.config.tableName);
    commands.length = 0;
  });
  after(() => standIns.stop());

  it('lists artists with their newest image as the cover', async () => {
    const { statusCode, json } = await get('/api/artists');
    expect(statusCode).to.equal(200);
    const page = json as ArtistsPage;
    expect(page.artists.map((a) => a.slug)).to.deep.equal(['ana-ink', 'bo-lines']);
    expect(page.artists[0]?.cover?.id).to.equal(idOf(30));
    expect(page.artists[0]?.url).to.equal('/artists/ana-ink/');
    expect(page.artists[1]?.cover).to.equal(undefined);
    expect(page.nextCursor).to.equal(undefined);
  });

  it("answers the booking the operator set, the contact as a link, and each image's styles", async () => {
    const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
    const booking = {
      url: 'https://cy.example/book',
      contact: 'cy@example.com',
      open: false,
      note: 'Books open in May',
    };
    await registry.add({ slug: 'cy-books', name: 'Cy', websites: [], booking, active: true });
    try {
      const { json } = await get('/api/artists/cy-books');
      expect((json as ArtistPage).artist.booking).to.deep.equal({
        url: booking.url,
        contact: { href: `mailto:${booking.contact}`, label: booking.contact },
        open: false,
        note: booking.note,
      });
      await registry.update('cy-books', { booking: { contact: 'https://cy.example/contact' } });
      const form = await get('/api/artists/cy-books');
      expect((form.json as ArtistPage).artist.booking?.contact).to.deep.equal({
        href: 'https://cy.example/contact',
        label: 'Contact form',
      });
    } finally {
      await registry.removeProfile('cy-books');
    }
    // An artist who said nothing has no booking; images carry the styles their captions name.
    const ana = (await get('/api/artists/ana-ink')).json as ArtistPage;
    expect(ana.artist.booking).to.equal(undefined);
    expect(ana.images.map((image) => image.styles)).to.deep.equal(
      ana.images.map(() => ['blackwork']),
    );
  });

  it('filters the directory by city and by style, with Query and GetItem only', async () => {
    const slugs = async (query: Record<string, string>) => {
      const { statusCode, json } = await get('/api/artists', query);
      expect(statusCode, JSON.stringify(query)).to.equal(200);
      return (json as ArtistsPage).artists.map((artist) => artist.slug);
    };
    commands.length = 0;
    expect(await slugs({ style: 'blackwork' })).to.deep.equal(['ana-ink']);
    // A city matches case and accents aside: another spelling is sent to the city's key, one
    // address (and one cache entry) per city.
    expect(await slugs({ city: 'lyon' })).to.deep.equal(['ana-ink']);
    for (const [city, query] of [
      ['LYON', 'city=lyon'],
      ['Lyón', 'city=lyon&style=blackwork&limit=5'],
    ] as const) {
      const moved = await get('/api/artists', {
        city,
        ...(query.includes('style') && { style: 'blackwork', limit: '5' }),
      });
      expect(moved.statusCode, city).to.equal(301);
      expect(moved.headers.location).to.equal(`/api/artists?${query}`);
    }
    expect(await slugs({ city: 'lyon', style: 'blackwork' })).to.deep.equal(['ana-ink']);
    expect(await slugs({ city: 'paris' })).to.deep.equal([]);
    expect(await slugs({ style: 'realism' })).to.deep.equal([]);
    expect([...new Set(commands)].sort()).to.deep.equal(['GetItemCommand', 'QueryCommand']);
    // The cards say the artist's styles, and keep their cover.
    const [ana] = ((await get('/api/artists', { style: 'blackwork' })).json as ArtistsPage).artists;
    expect(ana?.styles).to.deep.equal(['blackwork']);
    expect(ana?.cover?.id).to.equal(idOf(30));
  });

  it('pages a filtered directory with a cursor that reaches only that filter', async () => {
    const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
    const directory = new DirectoryIndex(standIns.clients.dynamo, standIns.config.tableName);
    await registry.add({ slug: 'cy-lyon', name: 'Cy', city: 'lyon', websites: [], active: true });
    await directory.refresh('cy-lyon');
    try {
      const first = (await get('/api/artists', { city: 'lyon', limit: '1' })).json as ArtistsPage;
      expect(first.artists.map((a) => a.slug)).to.deep.equal(['ana-ink']);
      expect(first.nextCursor).to.be.a('string');
      const second = (
        await get('/api/artists', { city: 'lyon', limit: '1', cursor: first.nextCursor ?? '' })
      ).json as ArtistsPage;
      expect(second.artists.map((a) => a.slug)).to.deep.equal(['cy-lyon']);
      expect(second.nextCursor).to.equal(undefined);
      // The cursor of one filter is no cursor of another, nor of the whole directory.
      for (const query of [{ style: 'blackwork' }, {}] as Record<string, string>[]) {
        const { statusCode, json } = await get('/api/artists', {
          ...query,
          cursor: first.nextCursor ?? '',
        });
        expect(statusCode).to.equal(400);
        expect(json.error).to.equal('Malformed cursor');
      }
    } finally {
      await registry.removeProfile('cy-lyon');
      // With the profile gone, its entry goes too.
      expect(await directory.refresh('cy-lyon')).to.equal(undefined);
    }
    expect(
      ((await get('/api/artists', { city: 'lyon' })).json as ArtistsPage).artists,
    ).to.have.length(1);
  });

  it('lists the cities of the directory with their artists, in one query', async () => {
    commands.length = 0;
    const { statusCode, json, headers } = await get('/api/cities');
    expect(statusCode).to.equal(200);
    expect(json).to.deep.equal({ cities: [{ key: 'lyon', name: 'Lyon', artists: 1 }] });
    expect(headers['cache-control']).to.match(/max-age=60/);
    expect(commands).to.deep.equal(['QueryCommand']);
    const withQuery = await get('/api/cities', { limit: '5' });
    expect(withQuery.statusCode).to.equal(400);
    expect(withQuery.json.error).to.equal('/api/cities takes no query parameters (got limit)');
  });

  it('answers 400 to a style it does not know, a malformed city, and a filter on an artist page', async () => {
    const unknown = await get('/api/artists', { style: 'cubism' });
    expect(unknown.statusCode).to.equal(400);
    expect(unknown.json.error).to.match(/^Unknown style "cubism"; the styles are traditional, /);
    for (const city of ['', '<script>', 'Lyon\u0000', 'x'.repeat(121), '---']) {
      const { statusCode, json } = await get('/api/artists', { city });
      expect(statusCode, JSON.stringify(city)).to.equal(400);
      expect(json.error).to.match(/^Malformed city/);
    }
    const onArtist = await get('/api/artists/ana-ink', { style: 'blackwork' });
    expect(onArtist.statusCode).to.equal(400);
    expect(onArtist.json.error).to.equal(
      "style filters the directory (/api/artists), not an artist's page",
    );
  });

  it('says how fresh a portfolio is: the last successful read, and each source it has now', async () => {
    const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
    await registry.add({
      slug: 'dot-fresh',
      name: 'Dot',
      websites: ['https://dot.example/'],
      instagram: 'dot.fresh',
      active: true,
    });
    const syncs = new SourceSyncs(standIns.clients.dynamo, standIns.config.tableName);
    const website: SourceRead = {
      source: 'website',
      id: 'https://dot.example/',
      attemptedAt: '2026-11-20T08:00:00.000Z',
      outcome: 'ok',
      read: 3,
      total: 3,
      complete: true,
    };
    const instagram: SourceRead = {
      source: 'instagram',
      id: 'dot.fresh',
      attemptedAt: '2026-11-29T08:00:00.000Z',
      outcome: 'failed',
      reason: 'Instagram asks to wait',
      read: 0,
      complete: false,
    };
    // A website the artist had once: its last read says nothing of the portfolio now.
    const former: SourceRead = {
      ...website,
      id: 'https://old.example/',
      attemptedAt: '2026-11-25T08:00:00.000Z',
    };
    try {
      for (const read of [website, instagram, former]) await syncs.record('dot-fresh', read);
      const { artist } = (await get('/api/artists/dot-fresh')).json as ArtistPage;
      // By source; what the visitor needs not know (whether it was complete) left out.
      const shown = ({ complete: _, ...read }: SourceRead) => read;
      expect(artist.sync).to.deep.equal({
        updatedAt: website.attemptedAt,
        sources: [shown(instagram), { ...shown(website), lastSuccessAt: website.attemptedAt }],
      });
    } finally {
      await registry.removeProfile('dot-fresh');
    }
    // Never read: nothing to say yet.
    expect(((await get('/api/artists/ana-ink')).json as ArtistPage).artist.sync).to.deep.equal({
      sources: [],
    });
  });

  it('lists the directory in one query: the covers are kept on the profiles', async () => {
    commands.length = 0;
    const { json } = await get('/api/artists');
    expect((json as ArtistsPage).artists[0]?.cover?.id).to.equal(idOf(30));
    expect(commands).to.deep.equal(['QueryCommand']);
    // A profile written before covers were kept says nothing: its cover is read from its images.
    await standIns.clients.dynamo.send(
      new UpdateCommand({
        TableName: standIns.config.tableName,
        Key: { pk: 'ARTIST#ana-ink', sk: 'PROFILE' },
        UpdateExpression: 'REMOVE coverOrder, cover',
      }),
    );
    try {
      commands.length = 0;
      const legacy = await get('/api/artists');
      expect((legacy.json as ArtistsPage).artists[0]?.cover?.id).to.equal(idOf(30));
      expect(commands).to.deep.equal(['QueryCommand', 'QueryCommand']);
    } finally {
      await new ArtistCovers(standIns.clients.dynamo, standIns.config.tableName).offer(
        record('ana-ink', 30),
      );
    }
  });

  it('leaves a record that is not a valid artist out of the directory instead of failing it', async () => {
    await standIns.clients.dynamo.send(
      new PutCommand({
        TableName: standIns.config.tableName,
        Item: { pk: 'ARTIST#broken', sk: 'PROFILE', gsi1pk: 'ARTISTS', gsi1sk: 'broken', name: 42 },
      }),
    );
    try {
      const { statusCode, json } = await get('/api/artists');
      expect(statusCode).to.equal(200);
      expect((json as ArtistsPage).artists.map((a) => a.slug)).to.deep.equal([
        'ana-ink',
        'bo-lines',
      ]);
      // Every reader of artist records (the ingest plan, `artists list`) skips it and says so.
      const reported: string[] = [];
      const registry = new ArtistRegistry(
        standIns.clients.dynamo,
        standIns.config.tableName,
        (key) => reported.push(key),
      );
      expect((await registry.list()).map((a) => a.slug)).to.deep.equal(['ana-ink', 'bo-lines']);
      expect(await registry.get('broken')).to.equal(undefined);
      expect(reported).to.deep.equal(['ARTIST#broken/PROFILE', 'ARTIST#broken/PROFILE']);
    } finally {
      await standIns.clients.dynamo.send(
        new DeleteCommand({
          TableName: standIns.config.tableName,
          Key: { pk: 'ARTIST#broken', sk: 'PROFILE' },
        }),
      );
    }
  });

  it('skips, and reports by its key, an image record that does not read as a shown image', async () => {
    const good = record('bo-lines', 90);
    const records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
    await records.putNew(good);
    // Written by hand or by an older optimizer: no variants, a width that is text.
    const broken = { ...record('bo-lines', 91), width: 'wide' } as Record<string, unknown>;
    delete broken.variants;
    await standIns.clients.dynamo.send(
      new PutCommand({
        TableName: standIns.config.tableName,
        Item: {
          pk: 'ARTIST#bo-lines',
          sk: `IMAGE#${idOf(91)}`,
          gsi1pk: 'IMAGES#bo-lines',
          gsi1sk: `9999-01-01T00:00:00.000Z#${idOf(91)}`,
          type: 'image',
          ...broken,
        },
      }),
    );
    const reported: string[] = [];
    const watched = new DynamoCatalog(standIns.clients.dynamo, standIns.config.tableName, (key) =>
      reported.push(key),
    );
    try {
      const response = await handleApiRequest(watched, {
        method: 'GET',
        path: '/api/artists/bo-lines',
        query: {},
        headers: {},
      });
      expect(response.statusCode).to.equal(200);
      const page = JSON.parse(response.body ?? '{}') as ArtistPage;
      expect(page.images.map((image) => image.id)).to.deep.equal([good.imageId]);
      expect(reported).to.deep.equal([`ARTIST#bo-lines/IMAGE#${idOf(91)}`]);
    } finally {
      await removeImages('bo-lines', [90, 91]);
    }
  });

  it('pages through artists with an opaque cursor', async () => {
    const first = (await get('/api/artists', { limit: '1' })).json as ArtistsPage;
    expect(first.artists.map((a) => a.slug)).to.deep.equal(['ana-ink']);
    expect(first.nextCursor).to.be.a('string');
    const second = (await get('/api/artists', { limit: '1', cursor: first.nextCursor ?? '' }))
      .json as ArtistsPage;
    expect(second.artists.map((a) => a.slug)).to.deep.equal(['bo-lines']);
    expect(second.nextCursor).to.equal(undefined);
  });

  it('serves a profile with its images newest first, 24 a page, every image described', async () => {
    const { statusCode, json } = await get('/api/artists/ana-ink');
    expect(statusCode).to.equal(200);
    const page = json as ArtistPage;
    expect(page.artist).to.deep.equal({
      slug: 'ana-ink',
      name: 'Ana',
      city: 'Lyon',
      websites: ['https://ana.example/'],
      instagram: 'ana.ink',
      // Never read yet: no freshness to tell.
      sync: { sources: [] },
    });
    expect(page.images.map((i) => i.id)).to.deep.equal(
      Array.from({ length: 24 }, (_, k) => idOf(30 - k)),
    );
    const [image] = page.images;
    expect(image).to.deep.include({
      width: 1600,
      height: 1200,
      alt: 'Piece number 30',
      colour: '#336699',
      src: `/img/ana-ink/${idOf(30)}/640.webp`,
    });
    expect(image?.provenance).to.deep.include({
      source: 'website',
      pageUrl: 'https://studio.example/work/',
    });
    expect(image?.provenance).not.to.have.property('sourceUrl');
    expect(image?.srcset.avif).to.equal(
      [160, 320, 640, 960, 1280, 1920]
        .map((w) => `/img/ana-ink/${idOf(30)}/${w}.avif ${w === 1920 ? 1600 : w}w`)
        .join(', '),
    );
    // Only the formats stored: no JPEG (made on demand, never in a srcset).
    expect(Object.keys(image?.srcset ?? {})).to.deep.equal(['avif', 'webp']);
    const rest = (await get('/api/artists/ana-ink', { cursor: page.nextCursor ?? '' }))
      .json as ArtistPage;
    expect(rest.images.map((i) => i.id)).to.deep.equal(
      Array.from({ length: 6 }, (_, k) => idOf(6 - k)),
    );
    expect(rest.nextCursor).to.equal(undefined);
  });

  it('answers 400 with a reason for a malformed slug, cursor or limit', async () => {
    const bad = async (path: string, query: Record<string, string> = {}) => {
      const response = await get(path, query);
      expect(response.statusCode, `${path} ${JSON.stringify(query)}`).to.equal(400);
      return response.json.error as string;
    };
    expect(await bad('/api/artists/Ana_Ink')).to.equal('Malformed slug "Ana_Ink"');
    expect(await bad('/api/artists/ana-ink', { cursor: 'not a cursor!' })).to.equal(
      'Malformed cursor',
    );
    expect(await bad('/api/artists/ana-ink', { cursor: encodeCursor({ pk: 'x' }) })).to.equal(
      'Malformed cursor',
    );
    // A cursor made for another artist's images cannot read them through this one.
    const anas = (await get('/api/artists/ana-ink', { limit: '2' })).json as ArtistPage;
    expect(await bad('/api/artists/bo-lines', { cursor: anas.nextCursor ?? '' })).to.equal(
      'Malformed cursor',
    );
    expect(await bad('/api/artists', { limit: '500' })).to.match(/^limit must be/);
    // A made-up parameter (cache busting) costs nothing: refused before any query.
    expect(await bad('/api/artists', { limit: '48', x: 'random-1' })).to.equal(
      'Unknown query parameter "x"; the API takes cursor, limit, city, style',
    );
  });

  it('answers 404 for an unknown artist or route and 405 for other methods', async () => {
    const unknown = await get('/api/artists/nobody-here');
    expect(unknown.statusCode).to.equal(404);
    expect(unknown.json).to.deep.equal({ error: 'No artist nobody-here' });
    expect((await get('/api/elsewhere')).statusCode).to.equal(404);
    const post = await handleApiRequest(catalog, {
      method: 'POST',
      path: '/api/artists',
      query: {},
      headers: {},
    });
    expect(post.statusCode).to.equal(405);
    expect(post.headers.allow).to.equal('GET, HEAD');
  });

  it('caches briefly with stale-while-revalidate, and answers 304 to a matching ETag', async () => {
    const first = await get('/api/artists/bo-lines');
    expect(first.headers['cache-control']).to.match(/s-maxage=60.*stale-while-revalidate=/);
    const etag = first.headers.etag ?? '';
    expect(etag).to.match(/^"[\w-]+"$/);
    const again = await get('/api/artists/bo-lines', {}, { 'if-none-match': `W/${etag}` });
    expect(again.statusCode).to.equal(304);
    expect(again.body).to.equal('');
    // A new image changes the body, so the old tag no longer matches.
    await new ImageRecords(standIns.clients.dynamo, standIns.config.tableName).putNew(
      record('bo-lines', 99),
    );
    try {
      const changed = await get('/api/artists/bo-lines', {}, { 'if-none-match': etag });
      expect(changed.statusCode).to.equal(200);
      expect((changed.json as ArtistPage).images.map((i) => i.id)).to.deep.equal([idOf(99)]);
    } finally {
      await removeImages('bo-lines', [99]);
    }
  });

  it('reads the table with Query and GetItem only', async () => {
    // Every kind of request a visitor makes: the directory and its next page, a profile and
    // its next page, an artist without images and again with its ETag, an unknown artist.
    commands.length = 0;
    const directory = (await get('/api/artists', { limit: '1' })).json as ArtistsPage;
    await get('/api/artists', { limit: '1', cursor: directory.nextCursor ?? '' });
    await get('/api/artists');
    const profile = (await get('/api/artists/ana-ink')).json as ArtistPage;
    await get('/api/artists/ana-ink', { cursor: profile.nextCursor ?? '' });
    const bo = await get('/api/artists/bo-lines');
    await get('/api/artists/bo-lines', {}, { 'if-none-match': bo.headers.etag ?? '' });
    await get('/api/artists/nobody-here');
    expect(commands.length).to.be.above(10);
    expect([...new Set(commands)].sort()).to.deep.equal(['GetItemCommand', 'QueryCommand']);
  });

  it('adapts API Gateway HTTP API events (payload 2.0)', async () => {
    const event = {
      rawPath: '/api/artists/ana-ink',
      queryStringParameters: { limit: '1' },
      headers: { Accept: 'application/json' },
      requestContext: { http: { method: 'GET' } },
    } as unknown as APIGatewayProxyEventV2;
    const response = await handleApiEvent(catalog, event);
    expect(response.statusCode).to.equal(200);
    expect(JSON.parse(response.body ?? '').images).to.have.length(1);
  });

  it('makes alt text from the caption, or says who made the piece', () => {
    expect(altText(undefined, 'Ana')).to.equal('Tattoo by Ana');
    expect(altText('#flash #tattoo @ana', 'Ana')).to.equal('Tattoo by Ana');
    expect(altText('Rose on forearm https://x.example/p #rose', 'Ana')).to.equal('Rose on forearm');
    const long = altText(`${'word '.repeat(60)}end`, 'Ana');
    expect(long.length).to.be.at.most(126);
    expect(long.endsWith('…')).to.equal(true);
  });

  it('answers 503 when the store fails, 500 for a failure of its own', async () => {
    const failing = (error: Error) =>
      ({
        listArtists: () => Promise.reject(error),
        getArtist: () => Promise.reject(error),
        listImages: () => Promise.reject(error),
      }) as unknown as DynamoCatalog;
    const event = apiEventFor(new URL('http://127.0.0.1/api/artists'), 'GET', {});
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ProvisionedThroughputExceededException',
      $metadata: { httpStatusCode: 400 },
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const unavailable = Object.assign(new Error('Internal server error'), {
      name: 'InternalServerError',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
    expect((await handleApiEvent(failing(throttled), event)).statusCode).to.equal(503);
    expect((await handleApiEvent(failing(refused), event)).statusCode).to.equal(503);
    expect((await handleApiEvent(failing(unavailable), event)).statusCode).to.equal(503);
    // A query we built wrong is ours to fix, SDK error or not: no retry helps.
    const invalid = Object.assign(new Error('Invalid KeyConditionExpression'), {
      name: 'ValidationException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    expect((await handleApiEvent(failing(invalid), event)).statusCode).to.equal(500);
    const bug = await handleApiEvent(failing(new TypeError('x is undefined')), event);
    expect(bug.statusCode).to.equal(500);
    expect(JSON.parse(bug.body ?? '{}')).to.deep.equal({
      error: 'The request failed on our side; it has been logged',
    });
  });

  describe('the side door', () => {
    const saved = process.env.ORIGIN_VERIFY_SECRET;
    after(() => {
      if (saved === undefined) delete process.env.ORIGIN_VERIFY_SECRET;
      else process.env.ORIGIN_VERIFY_SECRET = saved;
    });

    it('answers 403 to a request that did not come through the CDN, before any query', async () => {
      process.env.ORIGIN_VERIFY_SECRET = 'the-distributions-own-value';
      const event = (headers: Record<string, string>) =>
        ({
          ...apiEventFor(new URL('https://abc.execute-api.example/api/artists'), 'GET', headers),
        }) as APIGatewayProxyEventV2;
      const around = await handler(event({}));
      expect(around.statusCode).to.equal(403);
      expect(JSON.parse(around.body ?? '{}').error).to.equal(
        'The API answers through the site only',
      );
      expect((await handler(event({ 'x-origin-verify': 'a-guess' }))).statusCode).to.equal(403);
      expect(
        fromTheCdn(
          event({ 'X-Origin-Verify': 'the-distributions-own-value' }),
          process.env.ORIGIN_VERIFY_SECRET,
        ),
      ).to.equal(true);
      // Locally (no CDN, no secret) every request is answered.
      expect(fromTheCdn(event({}), undefined)).to.equal(true);
    });
  });
});
