// The first-run demo: done once, started over when interrupted, skipped for data of one's own.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DynamoCatalog } from '../../core/api/catalog.ts';
import { ArtistRegistry } from '../../core/artists/artists.ts';
import { DEMO_ARTISTS } from '../../local/demo/demo-sources.ts';
import { seedDemo } from '../../local/demo/seed-demo.ts';
import { startImagePipeline } from '../../local/image-pipeline.ts';
import { startStandIns } from '../../local/stand-ins.ts';

describe('first-run demo', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seed-demo-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function withSystem(run: (s: Awaited<ReturnType<typeof startStandIns>>) => Promise<void>) {
    const standIns = await startStandIns({ dataDir: join(dir, 'data') });
    try {
      await run(standIns);
    } finally {
      await standIns.stop();
    }
  }

  it('starts over after an interrupted first run, then never again', async () => {
    await withSystem(async (standIns) => {
      const pipeline = startImagePipeline(standIns);
      const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
      // What an interrupted first run leaves: a demo artist registered, pointing at a source
      // that is gone, with no image.
      const [first] = DEMO_ARTISTS;
      await registry.add({
        slug: first?.slug ?? '',
        name: 'Left over',
        websites: ['http://127.0.0.1:9/gone/'],
        active: true,
      });
      const marker = join(dir, 'marker');
      const summary = await seedDemo(standIns, pipeline, marker, () => {});
      expect(summary?.artists).to.deep.equal({ done: DEMO_ARTISTS.length, failed: 0 });
      const catalog = new DynamoCatalog(standIns.clients.dynamo, standIns.config.tableName);
      for (const artist of DEMO_ARTISTS) {
        expect((await catalog.listImages(artist.slug, 48)).items).to.have.length(12);
        expect((await registry.get(artist.slug))?.active).to.equal(false);
      }
      expect(existsSync(marker)).to.equal(true);
      expect(await seedDemo(standIns, pipeline, marker, () => {})).to.equal(undefined);
      pipeline.stop();
    });
  });

  it('leaves data with artists of its own alone', async () => {
    await withSystem(async (standIns) => {
      const pipeline = startImagePipeline(standIns);
      const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
      await registry.add({ slug: 'my-own', name: 'Mine', websites: [], active: true });
      expect(await seedDemo(standIns, pipeline, join(dir, 'marker'), () => {})).to.equal(undefined);
      expect((await registry.list()).map((a) => a.slug)).to.deep.equal(['my-own']);
      pipeline.stop();
    });
  });
});
