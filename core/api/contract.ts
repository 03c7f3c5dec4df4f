// The public HTTP contract of the artist API (docs/architecture.md, "Public contracts"): what
// GET /api/artists, /api/artists/{slug} and /api/cities answer, and the parameters they take.
// The types are inferred from the schemas of contract-schemas.ts (which also make the OpenAPI
// document); the site reads these types and constants, the API builds them.
// Types only: the schemas (and zod) stay out of the site's bundle.
import type { z } from 'zod';
import type {
  apiErrorSchema,
  artistPageSchema,
  artistProfileSchema,
  artistSummarySchema,
  artistsPageSchema,
  bookingViewSchema,
  citiesPageSchema,
  imageViewSchema,
  syncViewSchema,
} from './contract-schemas.ts';

/** One portfolio image as the site shows it. */
export type ImageView = z.infer<typeof imageViewSchema>;
export type ArtistSummary = z.infer<typeof artistSummarySchema>;
/** How to book the artist, as far as the operator said. */
export type BookingView = z.infer<typeof bookingViewSchema>;
export type ArtistProfile = z.infer<typeof artistProfileSchema>;
/** How fresh the portfolio is: when a source was last read, and how each read went. */
export type SyncView = z.infer<typeof syncViewSchema>;
/** GET /api/artists[?city=][&style=][&cursor=][&limit=]: by slug; a city and a style filter it. */
export type ArtistsPage = z.infer<typeof artistsPageSchema>;
/** GET /api/artists/{slug}[?cursor=][&limit=]: newest images first. */
export type ArtistPage = z.infer<typeof artistPageSchema>;
/** GET /api/cities: every city of the directory, by key, with its artists' count. */
export type CitiesPage = z.infer<typeof citiesPageSchema>;
/** Any 4xx/5xx body. */
export type ApiError = z.infer<typeof apiErrorSchema>;

/**
 * The query parameters the API takes, and the only ones in the CDN's cache key: any other is
 * answered 400, so a made-up parameter can neither bust the cache nor cost a query.
 */
export const API_QUERY_PARAMETERS = ['cursor', 'limit', 'city', 'style'] as const;

/** The parameters that filter the directory, and only the directory. */
export const DIRECTORY_FILTERS = ['city', 'style'] as const;

/** Items per page unless `limit` says otherwise (1..MAX_PAGE_SIZE). */
export const DEFAULT_PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 48;
