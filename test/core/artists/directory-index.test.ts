// The directory's index on the DynamoDB stand-in: an artist's entry (their styles on the
// profile, one item per filter they are found under) follows their city and shown images.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { ArtistRegistry } from '../../../core/artists/artists.ts';
import {
  citiesOf,
  cityKey,
  DirectoryIndex,
  filtersOf,
} from '../../../core/artists/directory-index.ts';
import { ImageRecords, type OkImageRecord } from '../../../core/images/image-records.ts';
import { itemKeys, TABLE } from '../../../core/store/table-schema.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';

const sha = (n: number) => n.toString(16).padStart(16, '0').padEnd(64, 'c');

/** A shown image of `artist` whose caption is `caption`. */
function shown(artist: string, n: number, caption: string): OkImageRecord {
  return {
    status: 'ok',
    artist,
    imageId: sha(n).slice(0, 16),
    rawKey: `originals/${artist}/${sha(n)}`,
    sha256: sha(n),
    provenance: {
      source: 'instagram',
      caption,
      takenAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
    },
    processedAt: '2026-11-01T00:00:00.000Z',
    sourceFormat: 'jpeg',
    width: 800,
    height: 600,
    hasAlpha: false,
    variants: [],
    placeholder: '',
    colour: '#000000',
    phash: '0000000000000000',
  };
}

describe('directory index', () => {
  let standIns: StandIns;
  let registry: ArtistRegistry;
  let records: ImageRecords;
  let directory: DirectoryIndex;

  before(async () => {
    standIns = await startStandIns();
    const { dynamo } = standIns.clients;
    registry = new ArtistRegistry(dynamo, standIns.config.tableName);
    records = new ImageRecords(dynamo, standIns.config.tableName);
    directory = new DirectoryIndex(dynamo, standIns.config.tableName);
  });
  after(async () => {
    await standIns.stop();
  });

  /** The filters the artist's entry holds, and the collection each item is in. */
  const held = async (slug: string) => {
    const { Items = [] } = await standIns.clients.dynamo.send(
      new QueryCommand({
        TableName: standIns.config.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
        ExpressionAttributeValues: { ':pk': itemKeys.directoryPk(slug) },
      }),
    );
    return Items.map((item) => ({
      filter: item[TABLE.sortKey],
      collection: item[TABLE.indexes.byCollection.partitionKey],
      slug: item[TABLE.indexes.byCollection.sortKey],
    })).sort((a, b) => String(a.filter).localeCompare(String(b.filter)));
  };

  it('matches a city case, accents and punctuation aside', () => {
    expect(cityKey('São Paulo')).to.equal('sao-paulo');
    expect(cityKey('  SAO-PAULO ')).to.equal('sao-paulo');
    expect(cityKey("L'Hospitalet de Llobregat")).to.equal('l-hospitalet-de-llobregat');
    expect(cityKey('---')).to.equal(undefined);
    expect(filtersOf('Lyon', ['blackwork'])).to.deep.equal([
      'city=lyon',
      'style=blackwork',
      'city=lyon&style=blackwork',
    ]);
    expect(filtersOf(undefined, ['flash'])).to.deep.equal(['style=flash']);
    // The cities collection, sorted by city key then slug, folded into one entry per city.
    const item = (sort: string, city: string) => ({ gsi1sk: sort, city });
    expect(
      citiesOf([
        item('lyon#ana', 'Lyon'),
        item('lyon#bo', 'lyon'),
        item('sao-paulo#cy', 'São Paulo'),
      ]),
    ).to.deep.equal([
      { key: 'lyon', name: 'Lyon', artists: 2 },
      { key: 'sao-paulo', name: 'São Paulo', artists: 1 },
    ]);
  });

  it("follows the artist's images and city: styles on the profile, one item per filter, stale ones gone", async () => {
    await registry.add({ slug: 'dee-dots', name: 'Dee', city: 'Lyon', websites: [], active: true });
    for (let n = 1; n <= 4; n++)
      await records.putNew(shown('dee-dots', n, `Mandala ${n} #dotwork`));
    await records.putNew(shown('dee-dots', 5, 'A rose, fine line'));
    expect(await directory.refresh('dee-dots')).to.deep.equal(['dotwork']);
    expect(await held('dee-dots')).to.deep.equal([
      { filter: 'CITY', collection: 'CITIES', slug: 'lyon#dee-dots' },
      ...['city=lyon', 'city=lyon&style=dotwork', 'style=dotwork'].map((filter) => ({
        filter,
        collection: `ARTISTS#${filter}`,
        slug: 'dee-dots',
      })),
    ]);
    // One more fine-line image: two of six is a share worth a style.
    await records.putNew(shown('dee-dots', 6, '#finelinetattoo'));
    await registry.update('dee-dots', { city: 'Porto' });
    expect(await directory.refresh('dee-dots')).to.deep.equal(['dotwork', 'fine-line']);
    expect((await held('dee-dots')).map((item) => item.filter)).to.deep.equal([
      'CITY',
      'city=porto',
      'city=porto&style=dotwork',
      'city=porto&style=fine-line',
      'style=dotwork',
      'style=fine-line',
    ]);
    const profile = await registry.get('dee-dots');
    expect(profile?.city).to.equal('Porto');
    // Without a city, only the styles; without the artist, nothing.
    await registry.update('dee-dots', { remove: ['city'] });
    await directory.refresh('dee-dots');
    expect((await held('dee-dots')).map((item) => item.filter)).to.deep.equal([
      'style=dotwork',
      'style=fine-line',
    ]);
    await registry.removeProfile('dee-dots');
    expect(await directory.refresh('dee-dots')).to.equal(undefined);
    expect(await held('dee-dots')).to.deep.equal([]);
  });
});
