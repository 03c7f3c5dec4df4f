// An artist as the state machine hands it to a scraper task, the one definition: what the
// Plan step writes into each batch, what the scraper validates and scrapes.
import type { z } from 'zod';
import { artistSchema } from '../artists/artists.ts';

/** The fields of a registered artist a scrape needs: the slug and the sources. */
export const batchArtistSchema = artistSchema.pick({ slug: true, websites: true, instagram: true });

export type BatchArtist = z.infer<typeof batchArtistSchema>;

/** The most artists one scraper task is handed (the state machine's batch size is below it). */
export const MAX_BATCH_ARTISTS = 100;
