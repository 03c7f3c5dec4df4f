// The directory's pages as HTML that needs no script: the home page, each city, each style and
// each city and style, each at an address of its own, with the artists as cards (their cover,
// name, studio, city and styles), rows of plain filter links, crawlable links page to page, a
// canonical URL, Open Graph tags, and structured data (schema.org CollectionPage → ItemList).
import type { ArtistSummary, CitiesPage } from '../api/contract.ts';
import { STYLE_LABELS, STYLES, type Style } from '../vocabulary/styles.ts';
import type { SiteInfo } from './artist-page.ts';
import { GALLERY_LAYOUTS, GALLERY_SIZES } from './gallery-layout.ts';
import { type Html, html, jsonLd, safeUrl } from './html.ts';
import { framedPicture } from './portfolio-tile.ts';

/** What a directory page lists: everyone, or the artists of a city, of a style, or both. */
export interface DirectoryFilter {
  /** The city's key (cityKey) and its name as registered. */
  city?: { key: string; name: string } | undefined;
  style?: Style | undefined;
}

export interface DirectoryPageInput {
  artists: readonly ArtistSummary[];
  filter: DirectoryFilter;
  /** Every city of the directory, for the filter links. */
  cities: CitiesPage['cities'];
  /** This page's place in the listing, from 1. */
  pageNumber: number;
  previousPath?: string | undefined;
  nextPath?: string | undefined;
}

/** Styles shown on a card, at most. */
const CARD_STYLES = 3;

/** The address of a directory page: `/`, `/cities/lyon/`, `/styles/blackwork/`, `/cities/lyon/blackwork/`. */
export function directoryPath(
  filter: { city?: string | undefined; style?: Style | undefined },
  pageNumber = 1,
): string {
  const base =
    filter.city !== undefined
      ? `/cities/${encodeURIComponent(filter.city)}/${filter.style ? `${filter.style}/` : ''}`
      : filter.style
        ? `/styles/${filter.style}/`
        : '/';
  return pageNumber <= 1 ? base : `${base}page/${pageNumber}/`;
}

/** "Blackwork tattoo artists in Lyon", "Tattoo artists in Lyon", "Tattoo artists". */
function heading(filter: DirectoryFilter): string {
  const style = filter.style ? `${STYLE_LABELS[filter.style]} tattoo artists` : 'Tattoo artists';
  return filter.city ? `${style} in ${filter.city.name}` : style;
}

/** One artist: a link to their page with the cover (or a colour box), name, studio and city. */
export function artistCard(artist: ArtistSummary, eager: boolean): Html {
  const href = safeUrl(artist.url) ?? `/artists/${encodeURIComponent(artist.slug)}/`;
  const meta = [artist.studio, artist.city].filter(Boolean).join(' · ');
  const styles = artist.styles.filter((style) => (STYLES as readonly string[]).includes(style));
  return html`<a class="card" href="${href}">${
    artist.cover
      ? framedPicture(artist.cover, { sizes: GALLERY_SIZES, eager, highPriority: eager })
      : html`<span class="frame frame-empty"></span>`
  }<h2 class="card-name">${artist.name}</h2>${meta ? html`<p class="card-meta">${meta}</p>` : ''}${
    styles.length > 0
      ? html`<ul class="card-styles">${styles
          .slice(0, CARD_STYLES)
          .map((style) => html`<li class="chip">${STYLE_LABELS[style]}</li>`)}</ul>`
      : ''
  }</a>`;
}

/** The rows of filter links: each style keeping the city, each city keeping the style. */
function filters(input: DirectoryPageInput): Html {
  const { filter } = input;
  const current = (yes: boolean) => (yes ? html` aria-current="page"` : '');
  const styleLink = (style: Style | undefined, label: string) =>
    html`<li><a href="${directoryPath({ city: filter.city?.key, style })}"${current(filter.style === style)}>${label}</a></li>`;
  const cityLink = (key: string | undefined, label: string, title?: string) =>
    html`<li><a href="${directoryPath({ city: key, style: filter.style })}"${title ? html` title="${title}"` : ''}${current(filter.city?.key === key)}>${label}</a></li>`;
  return html`<nav id="filters" class="filters" aria-label="Find an artist"><ul id="style-filters" class="filter-row" aria-label="Styles">${styleLink(undefined, 'All styles')}${STYLES.map((style) => styleLink(style, STYLE_LABELS[style]))}</ul><ul id="city-filters" class="filter-row" aria-label="Cities">${cityLink(undefined, 'All cities')}${input.cities.map(
    (city) =>
      cityLink(city.key, city.name, `${city.artists} ${city.artists === 1 ? 'artist' : 'artists'}`),
  )}</ul></nav>`;
}

/** The whole document of a directory page. Every value from the data is escaped. */
export function directoryPageHtml(input: DirectoryPageInput, site: SiteInfo): string {
  const title = heading(input.filter);
  const canonical = new URL(
    directoryPath({ city: input.filter.city?.key, style: input.filter.style }, input.pageNumber),
    site.origin,
  ).href;
  const description = `${title}: their latest work, and how to book them.`;
  const firstRow = Math.max(...GALLERY_LAYOUTS.map((layout) => layout.columns));
  const cover = input.artists.find((artist) => artist.cover)?.cover;
  const data = {
    '@context': 'https://schema.org',
    '@type': 'CollectionPage',
    url: canonical,
    name: `${title} — ${site.name}`,
    description,
    mainEntity: {
      '@type': 'ItemList',
      numberOfItems: input.artists.length,
      itemListElement: input.artists.map((artist, i) => ({
        '@type': 'ListItem',
        position: i + 1,
        url: new URL(safeUrl(artist.url) ?? `/artists/${artist.slug}/`, site.origin).href,
        name: artist.name,
      })),
    },
  };
  const pageTitle = input.pageNumber > 1 ? `${title}, page ${input.pageNumber}` : title;
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${pageTitle} — ${site.name}</title><meta name="description" content="${description}"><link rel="canonical" href="${canonical}">${
    input.previousPath ? html`<link rel="prev" href="${input.previousPath}">` : ''
  }${input.nextPath ? html`<link rel="next" href="${input.nextPath}">` : ''}<meta property="og:type" content="website"><meta property="og:site_name" content="${site.name}"><meta property="og:title" content="${title}"><meta property="og:description" content="${description}"><meta property="og:url" content="${canonical}">${
    cover ? html`<meta property="og:image" content="${new URL(cover.src, site.origin).href}">` : ''
  }<meta name="twitter:card" content="summary_large_image">${site.assets ?? ''}${jsonLd(data)}</head><body data-page="directory"><header class="site-header">${
    input.filter.city || input.filter.style
      ? html`<p class="site-name"><a href="/">${site.name}</a></p><h1>${title}</h1>`
      : html`<h1 class="site-name">${site.name}</h1><p class="intro">Browse tattoo artists and their latest work.</p>`
  }</header><main>${filters(input)}<div id="artists" class="grid cards">${
    input.artists.length === 0
      ? html`<p class="status" role="status">No artist here yet. <a href="/">See all artists</a></p>`
      : input.artists.map((artist, i) => artistCard(artist, i < firstRow))
  }</div>${
    input.previousPath || input.nextPath
      ? html`<nav class="pages" aria-label="Directory pages">${
          input.previousPath ? html`<a rel="prev" href="${input.previousPath}">Previous</a>` : ''
        }${input.nextPath ? html`<a rel="next" href="${input.nextPath}">More artists</a>` : ''}</nav>`
      : ''
  }</main></body></html>`}\n`;
}
