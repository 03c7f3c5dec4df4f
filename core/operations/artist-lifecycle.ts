// An artist's life in the registry, the rules every way in shares (the `artists` command today):
// registered with their directory entry, changed with it, and taken down everywhere at once
// (records, variants, originals, the directory, and the CDN's copies when there is one).
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { type Artist, type ArtistChanges, ArtistRegistry } from '../artists/artists.ts';
import { DirectoryIndex } from '../artists/directory-index.ts';
import { Takedowns } from '../artists/takedowns.ts';
import { invalidateArtist, takedownPaths } from '../edge/edge-invalidation.ts';
import type { AwsClients } from '../platform/aws-clients.ts';
import type { FunctionsConfig } from '../platform/config.ts';
import { deleteObjects, listObjects } from '../store/object-store.ts';
import { type TakedownResult, takeDownArtist } from './takedown.ts';

/** Where an artist's life is kept: the table and buckets, and the CDN in front of them if any. */
export interface ArtistLifecycleOptions {
  clients: AwsClients;
  config: Pick<FunctionsConfig, 'rawBucket' | 'optimizedBucket' | 'tableName'>;
  /** The site bucket, where the artist's pages are written (core/pages/page-writer.ts). */
  siteBucket?: string | undefined;
  /** The deployed distribution, whose edges must forget a removed artist. */
  edge?: { cloudfront: Pick<CloudFrontClient, 'send'>; distributionId: string } | undefined;
}

/** What a removal did: counts of what left, and the CDN invalidation that follows it. */
export interface RemovedArtist extends TakedownResult {
  removed: string;
  invalidation?: string;
  /** The edge paths the invalidation drops. */
  paths?: string[];
}

export class ArtistLifecycle {
  readonly #registry: ArtistRegistry;
  readonly #directory: DirectoryIndex;
  readonly #takedowns: Takedowns;
  readonly #options: ArtistLifecycleOptions;

  constructor(options: ArtistLifecycleOptions) {
    this.#options = options;
    this.#registry = new ArtistRegistry(options.clients.dynamo, options.config.tableName);
    this.#directory = new DirectoryIndex(options.clients.dynamo, options.config.tableName);
    this.#takedowns = new Takedowns(options.clients.dynamo, options.config.tableName);
  }

  /** Registers `artist` and lists them in the directory; false when the slug is taken. */
  async add(artist: Artist): Promise<boolean> {
    if (!(await this.#registry.add(artist))) return false;
    // A slug taken down before is an artist's again.
    await this.#takedowns.lift(artist.slug);
    await this.#directory.refresh(artist.slug);
    return true;
  }

  /**
   * Changes an artist's fields; the directory finds them under their city and styles as changed.
   * @returns the artist as changed, or undefined when no artist has that slug.
   * @throws {z.ZodError} when the changed artist would not be valid.
   */
  async update(slug: string, changes: ArtistChanges): Promise<Artist | undefined> {
    const artist = await this.#registry.update(slug, changes);
    if (artist) await this.#directory.refresh(slug);
    return artist;
  }

  /** Every registered artist. */
  list(): Promise<Artist[]> {
    return this.#registry.list();
  }

  /**
   * The takedown: everything of the artist leaves the live buckets, the table and the directory,
   * and the CDN's edges forget them (their variants are cached for a year). Safe to run again.
   * @returns what left, or undefined when no artist has that slug.
   */
  async remove(slug: string): Promise<RemovedArtist | undefined> {
    if (!(await this.#registry.get(slug))) return undefined;
    const { clients, config, edge } = this.#options;
    const removed = await takeDownArtist(clients, config, slug);
    // Their written pages go too: the bucket's copy would be served before any 410.
    if (this.#options.siteBucket) {
      const pages = await listObjects(clients.s3, this.#options.siteBucket, `artists/${slug}/`);
      await deleteObjects(
        clients.s3,
        this.#options.siteBucket,
        pages.map((page) => page.key),
      );
    }
    if (!edge) return { removed: slug, ...removed };
    const invalidation = await invalidateArtist(edge.cloudfront, edge.distributionId, slug);
    return { removed: slug, ...removed, invalidation, paths: takedownPaths(slug) };
  }
}
