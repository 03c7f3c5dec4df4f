// The directory page: a grid of artist cards, filled from GET /api/artists.
import type { ArtistSummary, ArtistsPage } from '../../../functions/artist-api/contract.ts';
import { GALLERY_SIZES } from '../../../functions/artist-api/contract.ts';
import { artistsUrl, getJson } from './api.ts';
import { byId, clearStatus, element, safeHref, showStatus } from './dom.ts';
import { offerMore, type PageLoaded } from './pager.ts';
import { buildFrame, emptyFrame, firstRowLength } from './picture.ts';

/** Fills `#artists` with the first page of cards and offers the rest behind "More artists". */
export function startDirectory(): void {
  const grid = byId('artists', HTMLDivElement);
  /** Cards shown so far: later pages are below the fold, so they load lazily. */
  let shown = 0;

  /** Fetches one page of artists and appends their cards. */
  async function loadPage(cursor?: string): Promise<PageLoaded | undefined> {
    const result = await getJson<ArtistsPage>(artistsUrl(cursor));
    if (!result.ok) return undefined;
    const cards = result.data.artists.map((artist, i) => card(artist, shown + i));
    shown += cards.length;
    // The loading line goes in the same task as the cards arrive, so nothing moves.
    clearStatus(grid);
    grid.append(...cards);
    return { first: cards[0], nextCursor: result.data.nextCursor };
  }

  void loadPage().then((page) => {
    grid.removeAttribute('aria-busy');
    if (page === undefined) {
      showStatus(grid, 'Could not load the artists. Please try again later.');
      return;
    }
    if (shown === 0) showStatus(grid, 'No artists yet.');
    offerMore(grid, 'More artists', page.nextCursor, loadPage);
  });
}

/** One artist: a link to their page with the cover (or a colour box), name, studio and city. */
function card(artist: ArtistSummary, index: number): HTMLAnchorElement {
  const anchor = element('a', 'card');
  anchor.href = safeHref(artist.url) ?? `/artists/${encodeURIComponent(artist.slug)}/`;
  anchor.append(
    artist.cover
      ? buildFrame(artist.cover, {
          sizes: GALLERY_SIZES,
          // The first row is on the first screen, and holds the likely LCP element.
          eager: index < firstRowLength(),
          highPriority: index < firstRowLength(),
        })
      : emptyFrame(),
    element('h2', 'card-name', artist.name),
  );
  const meta = [artist.studio, artist.city].filter(Boolean).join(' · ');
  if (meta) anchor.append(element('p', 'card-meta', meta));
  return anchor;
}
