// `npm run scrape -- [--website <url>]... [--instagram <handle>] --out <dir>`: the scraper
// without AWS, for operators checking a new studio's site. Originals go into <dir>; one JSON
// line per image on stdout, then a summary line; progress on stderr.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { INSTAGRAM_HANDLE } from '../core/vocabulary/instagram-handle.ts';
import { takeScraperConfig } from './config.ts';
import { exitOnSignal } from './exit-on-signal.ts';
import { scrapeArtist } from './scrape-artist.ts';
import { createScraper } from './scraper-runtime.ts';
import { directorySink } from './storage/image-sink.ts';

const USAGE = 'Usage: npm run scrape -- [--website <url>]... [--instagram <handle>] --out <dir>';

async function main(argv: string[]): Promise<number> {
  let values: { website?: string[]; instagram?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        website: { type: 'string', multiple: true },
        instagram: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const websites = values.website ?? [];
  if (!values.out) return usage('--out <dir> is required');
  if (websites.length === 0 && !values.instagram)
    return usage('Give at least one --website or an --instagram handle');
  for (const url of websites) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
      return usage(`--website ${url} is not an http(s) URL`);
  }
  const handle = values.instagram?.replace(/^@/, '').toLowerCase();
  if (handle !== undefined && !INSTAGRAM_HANDLE.test(handle)) {
    return usage(
      `--instagram ${values.instagram} is not an Instagram handle (letters, digits, . and _, up to 30)`,
    );
  }

  let scraper: ReturnType<typeof createScraper>;
  try {
    scraper = createScraper(takeScraperConfig());
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const stopListening = exitOnSignal(() => scraper.close());
  try {
    const sink = await directorySink(resolve(process.env.INIT_CWD ?? '.', values.out));
    const deps = scraper.deps(sink);
    let done = 0;
    const { report } = await scrapeArtist(
      { slug: 'cli', websites, instagram: handle },
      {
        ...deps,
        onImage: (line) => {
          done++;
          process.stderr.write(`[${done}] ${line.status} ${line.url}\n`);
          process.stdout.write(`${JSON.stringify(line)}\n`);
        },
      },
    );
    const { artist: _artist, ...summary } = report;
    process.stdout.write(`${JSON.stringify({ summary })}\n`);
    return report.errors.length > 0 && report.stored + report.duplicates === 0 ? 1 : 0;
  } finally {
    stopListening();
    await scraper.close();
  }
}

function usage(problem: string): number {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  return 2;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
