// The public HTTP contract of the artist API (docs/architecture.md, "Public contracts"): what
// GET /api/artists and GET /api/artists/{slug} answer. The site reads these types; the API builds them.
import type { PrecomputedFormat } from '../lib/ladder.ts';
import type { Provenance } from '../lib/provenance.ts';
import type { Style } from '../lib/styles.ts';

/** One portfolio image as the site shows it. */
export interface ImageView {
  id: string;
  /** Displayed size of the full image (after orientation); the ratio reserves its box. */
  width: number;
  height: number;
  alt: string;
  /** ThumbHash of the image, base64: a blurred preview before the image arrives. */
  placeholder: string;
  /** Dominant colour, `#rrggbb`. */
  colour: string;
  provenance: Omit<Provenance, 'sourceUrl'>;
  /** A WebP rung about 640 px wide: the `<img src>` fallback. */
  src: string;
  /**
   * `srcset` strings per precomputed format the image has (`/img/<slug>/<id>/<slot>.<format>
   * <width>w, ...`): AVIF and WebP, or WebP alone for an image stored before AVIF was
   * precomputed and not yet backfilled.
   */
  srcset: Partial<Record<PrecomputedFormat, string>>;
  /** The styles its caption names (docs/styles.md), in vocabulary order; often none. */
  styles: Style[];
}

export interface ArtistSummary {
  slug: string;
  name: string;
  studio?: string;
  city?: string;
  /** The artist's page on the site. */
  url: string;
  /** The newest image, when there is one. */
  cover?: ImageView;
  /** The styles a meaningful share of their images carry (docs/styles.md), most first. */
  styles: Style[];
}

/** How to book the artist, as far as the operator said. */
export interface BookingView {
  /** Where to book. */
  url?: string;
  /** How to write to the artist: `mailto:` for an address, else a contact form's URL. */
  contact?: { href: string; label: string };
  /** Whether books are open; absent when not said. */
  open?: boolean;
  note?: string;
}

export interface ArtistProfile {
  slug: string;
  name: string;
  studio?: string;
  city?: string;
  websites: string[];
  instagram?: string;
  booking?: BookingView;
}

/** GET /api/artists[?city=][&style=][&cursor=][&limit=]: by slug; a city and a style filter it. */
export interface ArtistsPage {
  artists: ArtistSummary[];
  nextCursor?: string;
}

/** GET /api/artists/{slug}[?cursor=][&limit=]: newest images first. */
export interface ArtistPage {
  artist: ArtistProfile;
  images: ImageView[];
  nextCursor?: string;
}

/** GET /api/cities: every city of the directory, by key, with its artists' count. */
export interface CitiesPage {
  cities: { key: string; name: string; artists: number }[];
}

/** Any 4xx/5xx body. */
export interface ApiError {
  error: string;
}

/** Images per page unless `limit` says otherwise (1..MAX_PAGE_SIZE). */
/**
 * The query parameters the API takes, and the only ones in the CDN's cache key: any other is
 * answered 400, so a made-up parameter can neither bust the cache nor cost a query.
 */
export const API_QUERY_PARAMETERS = ['cursor', 'limit', 'city', 'style'] as const;

/** The parameters that filter the directory, and only the directory. */
export const DIRECTORY_FILTERS = ['city', 'style'] as const;

export const DEFAULT_PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 48;

/**
 * The site's grid (site/src/styles/site.css: `main` has 1rem of padding each side, columns a
 * 1rem gap): from each minimum viewport width, its columns and the width of one. The
 * `sizes` attribute and the count of images on the first row both come from it.
 */
export const GALLERY_LAYOUTS = [
  { minWidth: 1100, columns: 3, slot: '360px' },
  { minWidth: 700, columns: 2, slot: 'calc(50vw - 1.5rem)' },
  { minWidth: 0, columns: 1, slot: 'calc(100vw - 2rem)' },
] as const;

/** The `sizes` attribute matching the site's gallery grid. */
export const GALLERY_SIZES = GALLERY_LAYOUTS.map((layout) =>
  layout.minWidth > 0 ? `(min-width: ${layout.minWidth}px) ${layout.slot}` : layout.slot,
).join(', ');
