// The Plan step's core on the DynamoDB stand-in: which artists a run scrapes, in which batches.
import { expect } from 'chai';
import { ArtistRegistry } from '../../../core/artists/artists.ts';
import { batchArtistSchema } from '../../../core/ingest/batch-artist.ts';
import { planIngest } from '../../../core/ingest/plan-ingest.ts';
import { planInputSchema } from '../../../core/ingest/step-payloads.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';

describe('plan-ingest', () => {
  let standIns: StandIns;
  let registry: ArtistRegistry;

  before(async () => {
    standIns = await startStandIns();
    registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
    for (const [n, slug] of ['ada-ink', 'bo-lines', 'cy-dots', 'di-flash', 'ed-fine'].entries()) {
      await registry.add({
        slug,
        name: slug,
        websites: [`https://${slug}.example/`],
        ...(n === 0 && { instagram: 'ada.ink' }),
        active: slug !== 'cy-dots',
      });
    }
  });
  after(async () => {
    await standIns.stop();
  });

  it('batches every active artist, with only what a scrape needs, in the batch size asked', async () => {
    const plan = await planIngest(registry, { batchSize: 2, runId: 'run-1' });
    expect(plan.runId).to.equal('run-1');
    expect(plan.batches.map((batch) => batch.map((a) => a.slug))).to.deep.equal([
      ['ada-ink', 'bo-lines'],
      ['di-flash', 'ed-fine'],
    ]);
    expect(plan.batches[0]?.[0]).to.deep.equal({
      slug: 'ada-ink',
      websites: ['https://ada-ink.example/'],
      instagram: 'ada.ink',
    });
    // What it writes is what the scraper validates.
    for (const artist of plan.batches.flat())
      expect(batchArtistSchema.parse(artist)).to.deep.equal(artist);
  });

  it('takes the artists named, inactive ones too, and names any nobody registered', async () => {
    const named = await planIngest(registry, { artists: ['cy-dots'], batchSize: 5, runId: 'r' });
    expect(named.batches).to.deep.equal([
      [{ slug: 'cy-dots', websites: ['https://cy-dots.example/'] }],
    ]);
    const error = await planIngest(registry, {
      artists: ['cy-dots', 'nobody', 'nor-this'],
      batchSize: 5,
      runId: 'r',
    }).catch((e: unknown) => e);
    expect((error as Error).message).to.equal('No artist registered as nobody, nor-this');
  });

  it('takes an empty list for every active artist, and refuses a malformed step input', async () => {
    const nobodyActive = await planIngest(registry, { artists: [], batchSize: 5, runId: 'r' });
    expect(nobodyActive.batches.flat().map((a) => a.slug)).to.not.include('cy-dots');
    expect(planInputSchema.safeParse({ batchSize: 0, runId: 'r' }).success).to.equal(false);
    expect(planInputSchema.safeParse({ batchSize: 5, runId: '' }).success).to.equal(false);
    expect(planInputSchema.parse({ artists: null, batchSize: 5, runId: 'r' })).to.deep.equal({
      artists: null,
      batchSize: 5,
      runId: 'r',
    });
  });
});
