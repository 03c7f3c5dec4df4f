// `npm run artists -- add <slug> --name <name> [--studio <s>] [--city <c>] [--website <url>]...
// [--instagram <handle>]`, `list`, `remove <slug>`: the artist registry on the local stand-ins
// (data under DATA_DIR), or with --aws on the deployed stack (RAW_BUCKET, OPTIMIZED_BUCKET,
// TABLE_NAME and AWS_REGION from `pulumi stack output`; AWS credentials as usual). Results on
// stdout, problems on stderr.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ArtistRegistry, artistSchema } from '../functions/lib/artists.ts';
import { createAwsClients } from '../functions/lib/aws-clients.ts';
import { DEFAULT_BACKUP_RETENTION_DAYS } from '../functions/lib/buckets.ts';
import { readFunctionsConfig } from '../functions/lib/config.ts';
import { ConfigurationError } from '../functions/lib/env-config.ts';
import { takeDownArtist } from '../functions/lib/takedown.ts';
import { readLocalConfig } from './local-config.ts';
import { startStandIns } from './stand-ins.ts';

const USAGE = `Usage:
  npm run artists -- add <slug> --name <name> [--studio <studio>] [--city <city>] [--website <url>]... [--instagram <handle>]
  npm run artists -- list
  npm run artists -- remove <slug>
Add --aws to work on the deployed stack instead of the local data.`;

class UsageError extends Error {}

export async function main(
  argv: string[],
  out = process.stdout,
  err = process.stderr,
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    err.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const onAws = argv.includes('--aws');
  let standIns: Pick<Awaited<ReturnType<typeof startStandIns>>, 'clients' | 'config' | 'stop'>;
  try {
    standIns = onAws ? openAws() : await startStandIns({ dataDir: readLocalConfig().dataDir });
  } catch (error) {
    err.write(
      `${error instanceof ConfigurationError ? error.message : `Cannot open the local data: ${(error as Error).message}`}\n`,
    );
    return 2;
  }
  try {
    const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
    switch (parsed.command) {
      case 'add': {
        if (!(await registry.add(parsed.artist))) {
          err.write(`An artist with the slug ${parsed.artist.slug} is already registered\n`);
          return 1;
        }
        out.write(`${JSON.stringify(parsed.artist)}\n`);
        return 0;
      }
      case 'list': {
        for (const artist of await registry.list()) out.write(`${JSON.stringify(artist)}\n`);
        return 0;
      }
      case 'remove': {
        if (!(await registry.get(parsed.slug))) {
          err.write(`No artist registered as ${parsed.slug}\n`);
          return 1;
        }
        const removed = await takeDownArtist(standIns.clients, standIns.config, parsed.slug);
        out.write(`${JSON.stringify({ removed: parsed.slug, ...removed })}\n`);
        err.write(
          `${parsed.slug} is gone from the live buckets and the table. The immutable backup keeps its copies ` +
            `for ${DEFAULT_BACKUP_RETENTION_DAYS} days (Object Lock retention), after which they expire.\n`,
        );
        return 0;
      }
    }
  } finally {
    await standIns.stop();
  }
}

/** The deployed stack's storage, named by the environment. */
function openAws() {
  const config = readFunctionsConfig();
  const clients = createAwsClients(config);
  return {
    config,
    clients,
    stop: async () => {
      clients.s3.destroy();
      clients.dynamo.destroy();
    },
  };
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      aws: { type: 'boolean', default: false },
      name: { type: 'string' },
      studio: { type: 'string' },
      city: { type: 'string' },
      website: { type: 'string', multiple: true },
      instagram: { type: 'string' },
    },
  });
  const [command, slug, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(' ')}`);
  if (command === 'list') return { command } as const;
  if (command === 'remove') {
    if (!slug) throw new UsageError('remove needs the slug of the artist');
    return { command, slug } as const;
  }
  if (command !== 'add')
    throw new UsageError(command ? `Unknown command ${command}` : 'No command given');
  const result = artistSchema.safeParse({
    slug,
    name: values.name,
    studio: values.studio,
    city: values.city,
    websites: values.website ?? [],
    instagram: values.instagram,
  });
  if (!result.success)
    throw new UsageError(`The artist is not valid:\n${z.prettifyError(result.error)}`);
  return { command, artist: result.data } as const;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
