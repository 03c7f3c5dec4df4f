// Benchmark of the artist API under load (autocannon): the handler on its pure core (an
// in-memory catalog), the handler on the DynamoDB stand-in, and, as the baseline, a bare HTTP
// server answering the same bytes. Each server runs in its own process; autocannon in this one.
// First at a fixed 500 requests/s (latency), then as fast as it goes (throughput).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import {
  type Catalog,
  DynamoCatalog,
  type ListedArtist,
  type Page,
  type PageKey,
} from '../core/api/catalog.ts';
import { type Artist, ArtistRegistry } from '../core/artists/artists.ts';
import { DirectoryIndex, filtersOf } from '../core/artists/directory-index.ts';
import { ImageRecords, type OkImageRecord } from '../core/images/image-records.ts';
import { ladderFor } from '../core/images/ladder.ts';
import { rawKey, variantKey } from '../core/images/object-keys.ts';
import { artistStyles, stylesOf } from '../core/vocabulary/styles.ts';
import { handleApiEvent } from '../functions/artist-api/adapter.ts';
import { apiEventFor } from '../local/api-event.ts';
import { startStandIns } from '../local/stand-ins.ts';
import { percentile } from './stats.ts';

const PATH = '/api/artists/bench-artist';
/** A filtered directory page: the artist's city and the style their captions name. */
const FILTERED_PATH = '/api/artists?city=lyon&style=fine-line';
/** The target for the handler's own p99 on the filtered page (issue 16). */
const FILTERED_TARGET_MS = 15;
const RATE = 500;
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);

const ARTIST: Artist = {
  slug: 'bench-artist',
  name: 'Bench Artist',
  city: 'Lyon',
  websites: ['https://bench.example/'],
  instagram: 'bench.artist',
  active: true,
};

function records(count: number): OkImageRecord[] {
  return Array.from({ length: count }, (_, n) => {
    const sha256 = n.toString(16).padStart(16, '0').padEnd(64, 'b');
    const imageId = sha256.slice(0, 16);
    return {
      status: 'ok',
      artist: ARTIST.slug,
      imageId,
      rawKey: rawKey(ARTIST.slug, sha256),
      sha256,
      provenance: {
        source: 'instagram',
        permalink: `https://www.instagram.com/p/bench${n}/`,
        caption: `Fine line peony on the forearm, healed ${n} weeks #fineline`,
        takenAt: new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString(),
      },
      processedAt: new Date().toISOString(),
      sourceFormat: 'jpeg',
      width: 1440,
      height: 1800,
      hasAlpha: false,
      variants: ladderFor(1440, 1800).map((rung) => ({
        ...rung,
        format: 'webp' as const,
        key: variantKey(ARTIST.slug, imageId, rung.slot, 'webp'),
        bytes: 50_000,
      })),
      placeholder: 'YJqGPQw7sFlslqhFafSE+Q6oJ1h2iHB2Rw',
      colour: '#7a5c4f',
      phash: imageId,
    };
  });
}

/** The catalog in memory: the handler's own work, without a database. */
class MemoryCatalog implements Catalog {
  private readonly images = records(30).reverse();
  /** The one artist, under the filters their city and their images' style put them. */
  async listArtists(
    _limit: number,
    _after?: PageKey,
    filter?: string,
  ): Promise<Page<ListedArtist>> {
    const styles = artistStyles(this.images.map((image) => stylesOf(image.provenance.caption)));
    const listed = filter === undefined || filtersOf(ARTIST.city, styles).includes(filter);
    return { items: listed ? [{ ...ARTIST, styles }] : [] };
  }
  async listSyncs() {
    return [];
  }
  async listCities() {
    return [{ key: 'lyon', name: 'Lyon', artists: 1 }];
  }
  async getArtist(slug: string) {
    return slug === ARTIST.slug ? ARTIST : undefined;
  }
  async listImages(_slug: string, limit: number): Promise<Page<OkImageRecord>> {
    return { items: this.images.slice(0, limit) };
  }
  async takenDownAt() {
    return undefined;
  }
}

/** Child: serve one mode on 127.0.0.1 and print its URL. */
async function serve(mode: string): Promise<void> {
  let catalog: Catalog = new MemoryCatalog();
  if (mode === 'stand-ins') {
    const standIns = await startStandIns({});
    await new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName).add(ARTIST);
    const store = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
    for (const record of records(30)) await store.putNew(record);
    await new DirectoryIndex(standIns.clients.dynamo, standIns.config.tableName).refresh(
      ARTIST.slug,
    );
    catalog = new DynamoCatalog(standIns.clients.dynamo, standIns.config.tableName);
  }
  const fixed = await handleApiEvent(catalog, apiEventFor(new URL(PATH, 'http://x'), 'GET', {}));
  // The filtered page must list the artist (a 200 with one card), or the figure measures nothing.
  const filteredPage = await handleApiEvent(
    catalog,
    apiEventFor(new URL(FILTERED_PATH, 'http://x'), 'GET', {}),
  );
  const listed = JSON.parse(filteredPage.body ?? '{}').artists?.length;
  if (filteredPage.statusCode !== 200 || listed !== 1) {
    throw new Error(`${FILTERED_PATH} answered ${filteredPage.statusCode} with ${listed} artists`);
  }
  // The handler's own time per request (adapter, core, catalog), measured around the call.
  let ownTimes: number[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/__stats') {
      const stats = {
        p50: percentile(ownTimes, 50),
        p99: percentile(ownTimes, 99),
        n: ownTimes.length,
      };
      ownTimes = [];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
      return;
    }
    if (mode === 'bare') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(fixed.body);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const started = performance.now();
    handleApiEvent(catalog, apiEventFor(url, req.method ?? 'GET', {})).then((response) => {
      ownTimes.push(performance.now() - started);
      res.writeHead(response.statusCode ?? 200, response.headers as Record<string, string>);
      res.end(response.body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
}

async function load(url: string, rate?: number, path = PATH) {
  const result = await autocannon({
    url: `${url}${path}`,
    connections: 10,
    duration: SECONDS,
    ...(rate && { overallRate: rate }),
  });
  const own = (await (await fetch(`${url}/__stats`)).json()) as { p50: number; p99: number };
  return {
    own,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.non2xx,
    bytes: result.throughput.average,
  };
}

export async function benchApi(): Promise<void> {
  console.log(`\nArtist API under autocannon (${PATH}, 24 images a page, ${SECONDS} s each)`);
  for (const mode of ['bare', 'core', 'stand-ins']) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', mode],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const url = await new Promise<string>((resolve) =>
      child.stdout.once('data', (chunk) => resolve(String(chunk).trim())),
    );
    try {
      await load(url); // warm-up: JIT, connections, caches
      const fixedRate = await load(url, RATE);
      const flatOut = await load(url);
      const own =
        mode === 'bare'
          ? ''
          : ` (handler's own time p50 ${fixedRate.own.p50.toFixed(2)} ms, p99 ${fixedRate.own.p99.toFixed(2)} ms)`;
      console.log(
        `  ${mode.padEnd(10)} at ${RATE} rps: client p50 ${fixedRate.p50} ms, p99 ${fixedRate.p99} ms, ${fixedRate.errors} errors${own}` +
          ` | flat out: ${Math.round(flatOut.rps)} rps, p50 ${flatOut.p50} ms, p99 ${flatOut.p99} ms`,
      );
      if (mode !== 'bare') {
        await load(url, undefined, FILTERED_PATH);
        const filtered = await load(url, RATE, FILTERED_PATH);
        const met = filtered.own.p99 <= FILTERED_TARGET_MS ? 'met' : 'NOT met';
        console.log(
          `  ${''.padEnd(10)} ${FILTERED_PATH} at ${RATE} rps: client p99 ${filtered.p99} ms, ${filtered.errors} errors; handler's own p50 ${filtered.own.p50.toFixed(2)} ms, p99 ${filtered.own.p99.toFixed(2)} ms (target ≤ ${FILTERED_TARGET_MS} ms${mode === 'core' ? `: ${met}` : ', on the in-memory catalog'})`,
        );
      }
    } finally {
      child.kill();
    }
  }
  console.log(
    "  (bare: the same bytes from a plain HTTP server, the floor; core: the handler on an in-memory catalog; stand-ins: on dynalite. autocannon's fixed rate sends each second's requests in a burst, so client latency there includes queueing)",
  );
}

if (process.argv[2] === '--serve') await serve(process.argv[3] ?? 'core');
else if (import.meta.main) await benchApi();
