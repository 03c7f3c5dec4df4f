// The Plan step of the ingest state machine: the active artists to scrape, in batches.
import type { ArtistRegistry } from '../artists/artists.ts';
import type { BatchArtist } from './batch-artist.ts';

export interface PlanInput {
  /** Slugs to scrape; every active artist when absent or empty. */
  artists?: string[] | null;
  batchSize: number;
  runId: string;
}

export interface Plan {
  runId: string;
  batches: BatchArtist[][];
}

/**
 * The batches of a run.
 * @throws {Error} naming slugs that are not registered, so a typo does not scrape nothing.
 */
export async function planIngest(registry: ArtistRegistry, input: PlanInput): Promise<Plan> {
  const registered = await registry.list();
  const wanted = input.artists?.length ? new Set(input.artists) : undefined;
  if (wanted) {
    const unknown = [...wanted].filter(
      (slug) => !registered.some((artist) => artist.slug === slug),
    );
    if (unknown.length > 0) throw new Error(`No artist registered as ${unknown.join(', ')}`);
  }
  const chosen = registered
    .filter((artist) => (wanted ? wanted.has(artist.slug) : artist.active))
    .map(({ slug, websites, instagram }) => ({ slug, websites, ...(instagram && { instagram }) }));
  const batches: BatchArtist[][] = [];
  for (let i = 0; i < chosen.length; i += input.batchSize)
    batches.push(chosen.slice(i, i + input.batchSize));
  return { runId: input.runId, batches };
}
