// The first run of `npm start`: the demo artists registered and ingested through the real
// state machine, scraper and optimizer, from demo sources served on loopback for the occasion.
import { ArtistRegistry } from '../../functions/lib/artists.ts';
import type { IngestSummary } from '../../functions/summarize-ingest/summarize-ingest.ts';
import { readScraperConfig } from '../../scraper/config.ts';
import { createScraper } from '../../scraper/scraper-runtime.ts';
import type { ImagePipeline } from '../image-pipeline.ts';
import { describeReport, runIngest } from '../ingest-runner.ts';
import type { StandIns } from '../stand-ins.ts';
import { DEMO_ARTISTS, demoHandle, startDemoSources } from './demo-sources.ts';

/**
 * Registers and ingests the demo artists when no artist is registered yet.
 * @returns the ingest's summary, or undefined when there was nothing to do.
 */
export async function seedDemo(
  standIns: StandIns,
  pipeline: ImagePipeline,
  log: (line: string) => void,
): Promise<IngestSummary | undefined> {
  const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
  if ((await registry.list()).length > 0) return undefined;

  log('First run: drawing the demo flash and serving the demo studio site and Instagram profile');
  const sources = await startDemoSources();
  // The scraper may reach the demo sources on loopback, and nothing else private.
  const scraper = createScraper(
    readScraperConfig({
      ...process.env,
      SCRAPER_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
      SCRAPER_HOST_DELAY_MS: '0',
      INSTAGRAM_BASE_URL: sources.origin,
      INSTAGRAM_GRAPH_TOKEN: '',
    }),
  );
  try {
    for (const artist of DEMO_ARTISTS) {
      await registry.add({
        slug: artist.slug,
        name: artist.name,
        studio: artist.studio,
        city: artist.city,
        websites: artist.source === 'website' ? [sources.websiteOf(artist)] : [],
        ...(artist.source === 'instagram' && { instagram: demoHandle(artist) }),
        active: true,
      });
    }
    log(
      `Registered ${DEMO_ARTISTS.map((a) => a.slug).join(', ')}; ingesting through the state machine`,
    );
    const summary = await runIngest({
      standIns,
      pipeline,
      scraper,
      artists: DEMO_ARTISTS.map((a) => a.slug),
      onArtist: (report, attempt) => log(`  ${describeReport(report, attempt)}`),
    });
    // Their sources end with this run: later ingests skip them rather than fail on them.
    for (const artist of DEMO_ARTISTS) await registry.setActive(artist.slug, false);
    return summary;
  } finally {
    await scraper.close();
    await sources.close();
  }
}
