// The OpenAPI document (core/api/openapi.ts, generated from the contract's zod
// schemas) against the live API on the stand-ins: every route's answers, successes and errors,
// validate against the schema the document gives for that path and status (JSON Schema 2020-12,
// as OpenAPI 3.1 uses it), with no property the document does not name.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import { encodeCursor, handleApiRequest } from '../../../core/api/artist-api.ts';
import { DynamoCatalog } from '../../../core/api/catalog.ts';
import { openApiDocument } from '../../../core/api/openapi.ts';
import { ArtistCovers } from '../../../core/artists/artist-covers.ts';
import { ArtistRegistry } from '../../../core/artists/artists.ts';
import { DirectoryIndex } from '../../../core/artists/directory-index.ts';
import { ImageRecords, type OkImageRecord } from '../../../core/images/image-records.ts';
import { ladderFor, PRECOMPUTED_FORMATS } from '../../../core/images/ladder.ts';
import { rawKey, variantKey } from '../../../core/images/object-keys.ts';
import { SourceSyncs } from '../../../core/sources/source-syncs.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';

const sha = (n: number) => n.toString(16).padStart(16, '0').padEnd(64, 'e');

function shown(artist: string, n: number): OkImageRecord {
  const imageId = sha(n).slice(0, 16);
  return {
    status: 'ok',
    artist,
    imageId,
    rawKey: rawKey(artist, sha(n)),
    sha256: sha(n),
    provenance: {
      source: 'instagram',
      permalink: `https://www.instagram.com/p/oa${n}/`,
      caption: `Koi, healed #irezumi #tatuajejapones ${n}`,
      takenAt: new Date(Date.UTC(2026, 5, n)).toISOString(),
      foundBy: ['network'],
    },
    processedAt: '2026-11-01T00:00:00.000Z',
    sourceFormat: 'jpeg',
    width: 1200,
    height: 1500,
    hasAlpha: false,
    variants: PRECOMPUTED_FORMATS.flatMap((format) =>
      ladderFor(1200, 1500).map((rung) => ({
        ...rung,
        format,
        key: variantKey(artist, imageId, rung.slot, format),
        bytes: 1000,
      })),
    ),
    placeholder: 'YJqGPQw7sFlslqhFafSE+Q6oJ1h2iHB2Rw',
    colour: '#224466',
    phash: 'ffff0000ffff0000',
    kind: 'photo',
  };
}

describe('The OpenAPI document, against live answers of every route', () => {
  let standIns: StandIns;
  let catalog: DynamoCatalog;
  const document = openApiDocument();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi');

  before(async () => {
    standIns = await startStandIns();
    const { dynamo } = standIns.clients;
    const table = standIns.config.tableName;
    const registry = new ArtistRegistry(dynamo, table);
    await registry.add({
      slug: 'kai-koi',
      name: 'Kai',
      studio: 'Wave',
      city: 'Kyōto',
      websites: ['https://wave.example/'],
      instagram: 'kai.koi',
      booking: { url: 'https://wave.example/book', contact: 'kai@wave.example', open: true },
      active: true,
    });
    await registry.add({ slug: 'lee-new', name: 'Lee', websites: [], active: true });
    const records = new ImageRecords(dynamo, table);
    const covers = new ArtistCovers(dynamo, table);
    for (let n = 1; n <= 5; n++) {
      await records.putNew(shown('kai-koi', n));
      await covers.offer(shown('kai-koi', n));
    }
    // Kai's portfolio was read: a source that went through and one that did not.
    const syncs = new SourceSyncs(dynamo, table);
    await syncs.record('kai-koi', {
      source: 'website',
      id: 'https://wave.example/',
      attemptedAt: '2026-11-28T06:00:00.000Z',
      outcome: 'ok',
      read: 4,
      total: 4,
      complete: true,
    });
    await syncs.record('kai-koi', {
      source: 'instagram',
      id: 'kai.koi',
      attemptedAt: '2026-11-30T06:00:00.000Z',
      outcome: 'failed',
      reason: 'Instagram asks to wait',
      read: 0,
      complete: false,
    });
    const directory = new DirectoryIndex(dynamo, table);
    for (const slug of ['kai-koi', 'lee-new']) await directory.refresh(slug);
    catalog = new DynamoCatalog(dynamo, table);
  });
  after(() => standIns.stop());

  /** Requests `path` and validates the answer against the document's schema for its status. */
  async function conforms(template: string, path: string, query: Record<string, string> = {}) {
    const response = await handleApiRequest(catalog, { method: 'GET', path, query, headers: {} });
    const pointer = `#/paths/${template.replaceAll('~', '~0').replaceAll('/', '~1')}/get/responses/${response.statusCode}`;
    const declared = ajv.getSchema(`openapi${pointer}`)?.schema as
      | { content?: Record<string, { schema: unknown }> }
      | undefined;
    expect(declared, `${path} ${response.statusCode}: not in the document`).to.not.equal(undefined);
    const schema = declared?.content?.['application/json']?.schema;
    if (schema === undefined) return response;
    const validate = ajv.getSchema(`openapi${pointer}/content/application~1json/schema`);
    const body = JSON.parse(response.body);
    const valid = validate?.(body);
    expect(valid, `${path}: ${JSON.stringify(validate?.errors)}`).to.equal(true);
    return { ...response, body };
  }

  it('is an OpenAPI 3.1 document naming every route the API answers', () => {
    expect(document.openapi).to.equal('3.1.0');
    expect(Object.keys(document.paths ?? {}).sort()).to.deep.equal([
      '/api/artists',
      '/api/artists/{slug}',
      '/api/cities',
      '/api/openapi.json',
    ]);
    const parameters = (document.paths?.['/api/artists']?.get?.parameters ?? []) as {
      name: string;
    }[];
    expect(parameters.map((p) => p.name).sort()).to.deep.equal([
      'city',
      'cursor',
      'limit',
      'style',
    ]);
  });

  it('describes the directory, filtered and paged, as it answers', async () => {
    const all = await conforms('/api/artists', '/api/artists');
    expect(all.statusCode).to.equal(200);
    const filtered = await conforms('/api/artists', '/api/artists', {
      city: 'kyoto',
      style: 'japanese',
      limit: '1',
    });
    expect(filtered.body.artists.map((a: { slug: string }) => a.slug)).to.deep.equal(['kai-koi']);
    const paged = await conforms('/api/artists', '/api/artists', { limit: '1' });
    expect(paged.body.nextCursor).to.be.a('string');
    await conforms('/api/artists', '/api/artists', { cursor: paged.body.nextCursor });
    expect(
      (await conforms('/api/artists', '/api/artists', { style: 'cubism' })).statusCode,
    ).to.equal(400);
  });

  it("describes an artist's page, a missing artist and a bad cursor as they are answered", async () => {
    const page = await conforms('/api/artists/{slug}', '/api/artists/kai-koi', { limit: '2' });
    expect(page.statusCode).to.equal(200);
    expect(page.body.artist.booking.contact.href).to.equal('mailto:kai@wave.example');
    expect(page.body.artist.sync.sources).to.have.length(2);
    await conforms('/api/artists/{slug}', '/api/artists/kai-koi', { cursor: page.body.nextCursor });
    await conforms('/api/artists/{slug}', '/api/artists/lee-new');
    expect((await conforms('/api/artists/{slug}', '/api/artists/nobody-here')).statusCode).to.equal(
      404,
    );
    const forged = encodeCursor({ pk: 'ARTIST#lee-new', sk: 'PROFILE' });
    expect(
      (await conforms('/api/artists/{slug}', '/api/artists/kai-koi', { cursor: forged }))
        .statusCode,
    ).to.equal(400);
  });

  it('describes the cities and itself', async () => {
    const cities = await conforms('/api/cities', '/api/cities');
    expect(cities.body).to.deep.equal({ cities: [{ key: 'kyoto', name: 'Kyōto', artists: 1 }] });
    const self = await conforms('/api/openapi.json', '/api/openapi.json');
    expect(JSON.parse(self.body as string)).to.deep.equal(JSON.parse(JSON.stringify(document)));
    expect(
      (await conforms('/api/openapi.json', '/api/openapi.json', { v: '2' })).statusCode,
    ).to.equal(400);
  });

  it('would catch an answer that strays from it', () => {
    const validate = ajv.getSchema(
      'openapi#/paths/~1api~1cities/get/responses/200/content/application~1json/schema',
    );
    expect(validate?.({ cities: [{ key: 'kyoto', name: 'Kyōto', artists: 1 }] })).to.equal(true);
    expect(validate?.({ cities: [{ key: 'kyoto', name: 'Kyōto' }] })).to.equal(false);
    expect(validate?.({ cities: [], extra: true })).to.equal(false);
  });
});
