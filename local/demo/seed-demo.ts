// The first run of `npm start`: the demo artists registered and ingested through the real
// state machine, scraper and optimizer, from demo sources served on loopback for the occasion.
// A marker file says it was done, written only once every demo artist was ingested; a first
// run cut short is completed on the next start.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { ArtistRegistry } from '../../core/artists/artists.ts';
import type { IngestSummary } from '../../core/ingest/summarize-ingest.ts';
import { readScraperConfig } from '../../scraper/config.ts';
import { createScraper } from '../../scraper/scraper-runtime.ts';
import type { ImagePipeline } from '../image-pipeline.ts';
import { describeReport, runIngest } from '../ingest-runner.ts';
import type { StandIns } from '../stand-ins.ts';
import { DEMO_ARTISTS, type DemoSources, demoHandle, startDemoSources } from './demo-sources.ts';

/**
 * Registers and ingests the demo artists unless `marker` says that was done, or the data holds
 * artists of the user's own.
 * @returns the ingest's summary, or undefined when there was nothing to do.
 */
export async function seedDemo(
  standIns: StandIns,
  pipeline: ImagePipeline,
  marker: string,
  log: (line: string) => void,
): Promise<IngestSummary | undefined> {
  if (existsSync(marker)) return undefined;
  const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
  const demo = new Set(DEMO_ARTISTS.map((artist) => artist.slug));
  const registered = await registry.list();
  if (registered.some((artist) => !demo.has(artist.slug))) {
    await writeFile(marker, 'not seeded: the data has artists of its own\n');
    return undefined;
  }
  // Demo artists left by a first run cut short point at sources that are gone: register them
  // again (what they have stored stays, and is found stored when they are ingested again).
  for (const artist of registered) await registry.removeProfile(artist.slug);

  log('First run: drawing the demo flash and serving the demo studio site and Instagram profile');
  let sources: DemoSources | undefined;
  let scraper: ReturnType<typeof createScraper> | undefined;
  try {
    sources = await startDemoSources();
    // The scraper may reach the demo sources on loopback, and nothing else private; the Graph
    // API is not used for the demo whatever the environment says.
    scraper = createScraper(
      readScraperConfig({
        ...process.env,
        SCRAPER_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        SCRAPER_HOST_DELAY_MS: '0',
        INSTAGRAM_BASE_URL: sources.origin,
        INSTAGRAM_GRAPH_TOKEN: '',
        INSTAGRAM_GRAPH_USER_ID: '',
      }),
    );
    for (const artist of DEMO_ARTISTS) {
      await registry.add({
        slug: artist.slug,
        name: artist.name,
        studio: artist.studio,
        city: artist.city,
        websites: artist.source === 'website' ? [sources.websiteOf(artist)] : [],
        ...(artist.source === 'instagram' && { instagram: demoHandle(artist) }),
        booking: artist.booking,
        active: true,
      });
    }
    log(`Registered ${[...demo].join(', ')}; ingesting through the state machine`);
    const summary = await runIngest({
      standIns,
      pipeline,
      scraper,
      artists: [...demo],
      onArtist: (report, attempt) => log(`  ${describeReport(report, attempt)}`),
    });
    const complete =
      summary.artists.failed === 0 &&
      summary.originals.errored === 0 &&
      summary.images.errored === 0 &&
      summary.final;
    if (!complete) {
      log('The demo is not complete: the next start tries again');
      return summary;
    }
    // Their sources end with this run: later ingests skip them rather than fail on them.
    for (const slug of demo) await registry.setActive(slug, false);
    await writeFile(marker, `seeded ${new Date().toISOString()}\n`);
    return summary;
  } finally {
    await scraper?.close();
    await sources?.close();
  }
}
