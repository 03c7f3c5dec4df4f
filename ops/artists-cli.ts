// `npm run artists -- add <slug> --name <name> [--studio <s>] [--city <c>] [--website <url>]...
// [--instagram <handle>]`, `list`, `remove <slug>`: the artist registry on the local stand-ins
// (data under DATA_DIR), or with --aws on the deployed stack (RAW_BUCKET, OPTIMIZED_BUCKET,
// TABLE_NAME and AWS_REGION from `pulumi stack output`; for `remove`, DISTRIBUTION_ID too, and
// BACKUP_RETENTION_DAYS; AWS credentials as usual). Results on stdout, problems on stderr.
import { parseArgs } from 'node:util';
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { z } from 'zod';
import { artistSchema } from '../core/artists/artists.ts';
import { ArtistLifecycle } from '../core/operations/artist-lifecycle.ts';
import { createAwsClients, createCloudFrontClient } from '../core/platform/aws-clients.ts';
import { readFunctionsConfig } from '../core/platform/config.ts';
import { ConfigurationError, readEnvConfig } from '../core/platform/env-config.ts';
import { BUCKETS, DEFAULT_BACKUP_RETENTION_DAYS } from '../core/store/buckets.ts';
import { httpUrlSchema } from '../core/vocabulary/identifiers.ts';
import { readLocalConfig } from '../local/local-config.ts';
import { startStandIns } from '../local/stand-ins.ts';

const USAGE = `Usage:
  npm run artists -- add <slug> --name <name> [--studio <studio>] [--city <city>] [--website <url>]... [--instagram <handle>] [booking]
  npm run artists -- update <slug> [--name <name>] [--studio <studio>] [--city <city>] [--website <url>]... [--instagram <handle>] [booking] [--remove studio|city|instagram|booking]...
  npm run artists -- list
  npm run artists -- remove <slug>
Booking: [--booking-url <url>] [--contact <email or form URL>] [--books-open yes|no] [--books-note <text>];
with update, an empty value takes that one off ("--books-note ''").
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
  let standIns: Pick<Awaited<ReturnType<typeof startStandIns>>, 'clients' | 'config' | 'stop'> & {
    edge?: { cloudfront: CloudFrontClient; distributionId: string };
    backupRetentionDays?: number;
  };
  try {
    standIns = onAws
      ? openAws(parsed.command === 'remove')
      : await startStandIns({ dataDir: readLocalConfig().dataDir });
  } catch (error) {
    err.write(
      `${error instanceof ConfigurationError ? error.message : `Cannot open the local data: ${(error as Error).message}`}\n`,
    );
    return 2;
  }
  try {
    const artists = new ArtistLifecycle({
      ...standIns,
      edge: standIns.edge,
      // Where the artist's pages are written: the local site bucket, or SITE_BUCKET on AWS.
      siteBucket: onAws ? process.env.SITE_BUCKET || undefined : BUCKETS.site.localName,
    });
    switch (parsed.command) {
      case 'add': {
        if (!(await artists.add(parsed.artist))) {
          err.write(`An artist with the slug ${parsed.artist.slug} is already registered\n`);
          return 1;
        }
        out.write(`${JSON.stringify(parsed.artist)}\n`);
        return 0;
      }
      case 'update': {
        const artist = await artists.update(parsed.slug, parsed.changes).catch((error) => {
          if (!(error instanceof z.ZodError)) throw error;
          err.write(`The changed artist would not be valid:\n${z.prettifyError(error)}\n`);
          return null;
        });
        if (artist === null) return 2;
        if (!artist) {
          err.write(`No artist registered as ${parsed.slug}\n`);
          return 1;
        }
        out.write(`${JSON.stringify(artist)}\n`);
        return 0;
      }
      case 'list': {
        for (const artist of await artists.list()) out.write(`${JSON.stringify(artist)}\n`);
        return 0;
      }
      case 'remove': {
        const gone = await artists.remove(parsed.slug);
        if (!gone) {
          err.write(`No artist registered as ${parsed.slug}\n`);
          return 1;
        }
        const { paths, ...removed } = gone;
        out.write(`${JSON.stringify(removed)}\n`);
        const retention = standIns.backupRetentionDays ?? DEFAULT_BACKUP_RETENTION_DAYS;
        err.write(
          `${parsed.slug} is gone from the live buckets and the table` +
            (gone.invalidation && paths
              ? `, and CloudFront is dropping ${paths.join(' and ')} from its edges (invalidation ${gone.invalidation})`
              : '') +
            `. The immutable backup keeps its copies for ${retention} days (Object Lock retention), after which they expire.\n`,
        );
        return 0;
      }
    }
  } finally {
    await standIns.stop();
  }
}

/** What a takedown on the deployed stack needs besides its storage (`pulumi stack output`). */
const stackEnv = z.object({
  DISTRIBUTION_ID: z.string().regex(/^[A-Z0-9]{8,20}$/, 'Expected a CloudFront distribution id'),
  BACKUP_RETENTION_DAYS: z.coerce.number().int().positive().optional(),
  /** Set only off AWS (tests): where CloudFront's API answers. */
  CLOUDFRONT_ENDPOINT: httpUrlSchema.optional(),
});

/** The deployed stack's storage, named by the environment, and its edge for a takedown. */
function openAws(takedown: boolean) {
  const config = readFunctionsConfig();
  const edgeEnv = takedown ? readEnvConfig(stackEnv, process.env) : undefined;
  const clients = createAwsClients(config);
  const cloudfront = edgeEnv && createCloudFrontClient(edgeEnv.CLOUDFRONT_ENDPOINT);
  return {
    config,
    clients,
    ...(edgeEnv && cloudfront && { edge: { cloudfront, distributionId: edgeEnv.DISTRIBUTION_ID } }),
    ...(edgeEnv?.BACKUP_RETENTION_DAYS && { backupRetentionDays: edgeEnv.BACKUP_RETENTION_DAYS }),
    stop: async () => {
      clients.s3.destroy();
      clients.dynamo.destroy();
      cloudfront?.destroy();
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
      'booking-url': { type: 'string' },
      contact: { type: 'string' },
      'books-open': { type: 'string' },
      'books-note': { type: 'string' },
      remove: { type: 'string', multiple: true },
    },
  });
  const [command, slug, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(' ')}`);
  if (command === 'list') return { command } as const;
  if (command === 'remove') {
    if (!slug) throw new UsageError('remove needs the slug of the artist');
    return { command, slug } as const;
  }
  if (command !== 'add' && command !== 'update')
    throw new UsageError(command ? `Unknown command ${command}` : 'No command given');
  const booksOpen = values['books-open'];
  if (booksOpen !== undefined && !['yes', 'no', ''].includes(booksOpen)) {
    throw new UsageError(`--books-open takes yes or no, not ${JSON.stringify(booksOpen)}`);
  }
  // An empty value takes that booking field off (update); undefined leaves it alone.
  const given = (value: string | undefined) => (value === '' ? null : value);
  const booking = {
    url: given(values['booking-url']),
    contact: given(values.contact),
    open: booksOpen === undefined ? undefined : booksOpen === '' ? null : booksOpen === 'yes',
    note: given(values['books-note']),
  };
  const bookingGiven = Object.values(booking).some((value) => value !== undefined);
  if (command === 'update') {
    if (!slug) throw new UsageError('update needs the slug of the artist');
    const removable = ['studio', 'city', 'instagram', 'booking'] as const;
    const remove = (values.remove ?? []).map((field) => {
      const known = removable.find((name) => name === field);
      if (!known) throw new UsageError(`--remove takes ${removable.join(', ')}, not ${field}`);
      return known;
    });
    const changes = {
      ...(values.name !== undefined && { name: values.name }),
      ...(values.studio !== undefined && { studio: values.studio }),
      ...(values.city !== undefined && { city: values.city }),
      ...(values.website && { websites: values.website }),
      ...(values.instagram !== undefined && { instagram: values.instagram }),
      ...(bookingGiven && { booking }),
      ...(remove.length > 0 && { remove }),
    };
    if (Object.keys(changes).length === 0) throw new UsageError('update needs a field to change');
    return { command, slug, changes } as const;
  }
  const result = artistSchema.safeParse({
    slug,
    name: values.name,
    studio: values.studio,
    city: values.city,
    websites: values.website ?? [],
    instagram: values.instagram,
    ...(bookingGiven && {
      booking: Object.fromEntries(Object.entries(booking).filter(([, value]) => value != null)),
    }),
  });
  if (!result.success)
    throw new UsageError(`The artist is not valid:\n${z.prettifyError(result.error)}`);
  return { command, artist: result.data } as const;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
