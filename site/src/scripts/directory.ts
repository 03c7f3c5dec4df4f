// The directory page: a grid of artist cards, filled from GET /api/artists, and the filters
// that narrow it: plain links to `/?style=…` and `/?city=…` (each one a shareable address the
// back button returns to), the cities from GET /api/cities.
import type { ArtistSummary, ArtistsPage, CitiesPage } from '../../../core/api/contract.ts';
import { GALLERY_SIZES } from '../../../core/pages/gallery-layout.ts';
import { STYLE_LABELS, STYLES, type Style } from '../../../core/vocabulary/styles.ts';
import {
  artistsUrl,
  CITIES_URL,
  type DirectoryFilter,
  filterFrom,
  filterQuery,
  getJson,
} from './api.ts';
import { byId, clearStatus, element, safeHref, showStatus } from './dom.ts';
import { offerMore, type PageLoaded } from './pager.ts';
import { buildFrame, emptyFrame, firstRowLength } from './picture.ts';

/** At most this many style chips on a card. */
const CARD_STYLES = 3;

/** Fills `#artists` with the first page of cards and offers the rest behind "More artists". */
export function startDirectory(): void {
  const grid = byId('artists', HTMLDivElement);
  const filter = filterFrom(location.search);
  markStyles(filter);
  void showCities(filter);
  /** Cards shown so far: later pages are below the fold, so they load lazily. */
  let shown = 0;

  /** Fetches one page of artists and appends their cards. */
  async function loadPage(cursor?: string): Promise<PageLoaded | undefined> {
    const result = await getJson<ArtistsPage>(artistsUrl(filter, cursor));
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
    if (shown === 0) {
      if (filter.city || filter.style) {
        const all = element('a', undefined, 'See all artists');
        all.href = '/';
        showStatus(grid, 'No artists here yet. ', all);
      } else showStatus(grid, 'No artists yet.');
    }
    offerMore(grid, 'More artists', page.nextCursor, loadPage);
  });
}

/** The style links keep the city chosen, and say which style is the page's. */
function markStyles(filter: DirectoryFilter): void {
  for (const link of byId('style-filters', HTMLUListElement).querySelectorAll('a')) {
    const style = link.dataset.style || undefined;
    link.href = `/${filterQuery({ ...(filter.city && { city: filter.city }), ...(style && { style }) })}`;
    if (style === filter.style) link.setAttribute('aria-current', 'page');
  }
}

/** The city links, each keeping the style chosen; the row's height is fixed, so nothing moves. */
async function showCities(filter: DirectoryFilter): Promise<void> {
  const row = byId('city-filters', HTMLUListElement);
  const all = row.querySelector('a');
  if (all) {
    all.href = `/${filterQuery({ ...(filter.style && { style: filter.style }) })}`;
    if (!filter.city) all.setAttribute('aria-current', 'page');
  }
  const result = await getJson<CitiesPage>(CITIES_URL);
  if (!result.ok) return;
  const chosen = filter.city?.toLowerCase();
  row.append(
    ...result.data.cities.map((city) => {
      const link = element('a', undefined, city.name);
      link.href = `/${filterQuery({ city: city.key, ...(filter.style && { style: filter.style }) })}`;
      link.title = `${city.artists} ${city.artists === 1 ? 'artist' : 'artists'}`;
      if (chosen === city.key || chosen === city.name.toLowerCase()) {
        link.setAttribute('aria-current', 'page');
        all?.removeAttribute('aria-current');
      }
      const item = element('li');
      item.append(link);
      return item;
    }),
  );
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
  const styles = (artist.styles ?? []).filter((style): style is Style =>
    (STYLES as readonly string[]).includes(style),
  );
  if (styles.length > 0) {
    const chips = element('ul', 'card-styles');
    for (const style of styles.slice(0, CARD_STYLES)) {
      chips.append(element('li', 'chip', STYLE_LABELS[style]));
    }
    anchor.append(chips);
  }
  return anchor;
}
