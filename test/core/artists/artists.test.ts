// The artist registry on the DynamoDB stand-in: an update changes the fields it names, booking
// included, and leaves the rest of the profile (its cover, when it was made) as it was.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { ZodError } from 'zod';
import { ArtistRegistry, artistSchema } from '../../../core/artists/artists.ts';
import { profileKey } from '../../../core/store/table-schema.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';

describe('artist registry: update', () => {
  let standIns: StandIns;
  let registry: ArtistRegistry;

  before(async () => {
    standIns = await startStandIns();
    registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
  });
  after(async () => {
    await standIns.stop();
  });

  const profileItem = async (slug: string) =>
    (
      await standIns.clients.dynamo.send(
        new GetCommand({ TableName: standIns.config.tableName, Key: profileKey(slug) }),
      )
    ).Item;

  it('changes the named fields, merges booking, takes off what it is told, keeps the rest', async () => {
    const artist = artistSchema.parse({
      slug: 'gia-books',
      name: 'Gia',
      city: 'Porto',
      studio: 'Tinta',
      websites: ['https://gia.example/'],
      booking: { url: 'https://gia.example/book', open: true, note: 'Books open for March' },
    });
    expect(await registry.add(artist, new Date('2026-11-01T10:00:00Z'))).to.equal(true);
    const before = await profileItem('gia-books');

    const changed = await registry.update('gia-books', {
      city: 'Lisboa',
      booking: { open: false, note: null, contact: 'gia@example.com' },
      remove: ['studio'],
    });
    const expected = {
      ...artist,
      city: 'Lisboa',
      studio: undefined,
      booking: { url: 'https://gia.example/book', open: false, contact: 'gia@example.com' },
    };
    delete expected.studio;
    expect(changed).to.deep.equal(expected);
    expect(await registry.get('gia-books')).to.deep.equal(expected);
    // What the registry does not own stays: when the profile was made, its cover order.
    const after = await profileItem('gia-books');
    expect(after?.createdAt).to.equal(before?.createdAt);
    expect(after?.coverOrder).to.equal(before?.coverOrder);
    expect(after?.studio).to.equal(undefined);
  });

  it('writes nothing when the changed artist would not be valid, and answers undefined for no artist', async () => {
    await registry.add(artistSchema.parse({ slug: 'hal-ink', name: 'Hal' }));
    const error = await registry
      .update('hal-ink', { booking: { contact: 'not an address' }, name: '' })
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(ZodError);
    const issues = (error as ZodError).issues.map((issue) => issue.path.join('.'));
    expect(issues).to.include.members(['name', 'booking.contact']);
    expect(await registry.get('hal-ink')).to.deep.include({ name: 'Hal' });
    expect((await registry.get('hal-ink'))?.booking).to.equal(undefined);
    expect(await registry.update('no-such-artist', { name: 'Nobody' })).to.equal(undefined);
  });
});
