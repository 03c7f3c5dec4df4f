// An artist's page as HTML that needs no script: what a search engine, a link-preview bot and a
// slow phone see at once. Title and description from the profile, the name in <h1>, the call to
// action, the freshness line, the page's portfolio as tiles (the first row eager, the first image
// high priority), crawlable links to the neighbouring pages, a canonical URL, the Open Graph and
// Twitter share card, and structured data (schema.org ProfilePage, Person, ImageObject).
import type { ArtistPage, ArtistProfile, ImageView } from '../api/contract.ts';
import { INSTAGRAM_HANDLE } from '../vocabulary/instagram-handle.ts';
import { freshness, linkText } from './freshness.ts';
import { GALLERY_LAYOUTS, GALLERY_SIZES } from './gallery-layout.ts';
import { type Html, html, jsonLd, safeUrl } from './html.ts';
import { largestOf, portfolioTile } from './portfolio-tile.ts';

/** The site the page belongs to. */
export interface SiteInfo {
  /** `https://tattoo.example`: canonical, share and structured-data URLs are absolute. */
  origin: string;
  name: string;
  /** The site build's stylesheet and script tags (trusted markup of our own build). */
  assets?: Html;
}

export interface ArtistPageInput {
  page: ArtistPage;
  /** This page's place in the portfolio, from 1. */
  pageNumber: number;
  /** The paths of the neighbouring pages of the portfolio, where there are. */
  previousPath?: string | undefined;
  nextPath?: string | undefined;
  /** The share card (1200x630) made at ingest; the first image stands in without one. */
  shareCard?: string | undefined;
  /** Now, in ms: how fresh the portfolio is, in words. */
  now: number;
}

/** The path of an artist's page (page 1) or of a later page of their portfolio. */
export function artistPath(slug: string, pageNumber = 1): string {
  return pageNumber <= 1 ? `/artists/${slug}/` : `/artists/${slug}/page/${pageNumber}/`;
}

/** The styles an artist's shown images carry, most carried first. */
function stylesOf(images: readonly ImageView[]): string[] {
  const counts = new Map<string, number>();
  for (const image of images)
    for (const style of image.styles) counts.set(style, (counts.get(style) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([style]) => style);
}

function instagramUrl(artist: ArtistProfile): string | undefined {
  const handle = artist.instagram?.replace(/^@/, '');
  return handle && INSTAGRAM_HANDLE.test(handle)
    ? `https://www.instagram.com/${handle}/`
    : undefined;
}

/** "Blackwork and fine line tattoos by Ana in Valencia": the page's description. */
function describe(artist: ArtistProfile, styles: string[]): string {
  const kinds = styles.slice(0, 3).map((style) => style.replace(/-/g, ' '));
  const what =
    kinds.length === 0
      ? 'Tattoo portfolio'
      : `${kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}` : kinds[0]} tattoos`;
  const where = artist.city ? ` in ${artist.city}` : '';
  const studio = artist.studio ? ` at ${artist.studio}` : '';
  return `${what[0]?.toUpperCase()}${what.slice(1)} by ${artist.name}${studio}${where}.`;
}

/** The structured data: the page, the artist (their studio a TattooParlor) and the images. */
function structuredData(
  input: ArtistPageInput,
  site: SiteInfo,
  canonical: string,
  description: string,
): unknown {
  const { artist, images } = input.page;
  const absolute = (path: string) => new URL(path, site.origin).href;
  const person = {
    '@type': 'Person',
    '@id': `${absolute(artistPath(artist.slug))}#artist`,
    name: artist.name,
    url: absolute(artistPath(artist.slug)),
    ...(artist.city && { address: { '@type': 'PostalAddress', addressLocality: artist.city } }),
    ...(artist.studio && {
      worksFor: {
        '@type': 'TattooParlor',
        name: artist.studio,
        ...(artist.city && { address: { '@type': 'PostalAddress', addressLocality: artist.city } }),
      },
    }),
    sameAs: [...artist.websites.map(safeUrl), instagramUrl(artist)].filter(Boolean),
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'ProfilePage',
    url: canonical,
    name: `${artist.name} — ${site.name}`,
    description,
    ...(artist.sync.updatedAt && { dateModified: artist.sync.updatedAt }),
    mainEntity: person,
    image: images.map((image) => ({
      '@type': 'ImageObject',
      contentUrl: absolute(largestOf(image.srcset.webp) ?? image.src),
      thumbnailUrl: absolute(image.src),
      width: image.width,
      height: image.height,
      caption: image.alt,
      creator: { '@id': person['@id'], '@type': 'Person', name: artist.name },
      creditText: artist.name,
      copyrightNotice: `© ${artist.name}`,
      ...(image.provenance.takenAt && { uploadDate: image.provenance.takenAt }),
    })),
  };
}

/** The call to action: the booking page, whether books are open, a way to write. */
function booking(artist: ArtistProfile): Html | undefined {
  const { booking } = artist;
  if (!booking) return undefined;
  const book = safeUrl(booking.url);
  const contact = booking.contact;
  const contactHref = contact?.href.startsWith('mailto:') ? contact.href : safeUrl(contact?.href);
  return html`<p class="artist-booking">${book ? html`<a class="book" href="${book}">Book an appointment</a>` : ''}${
    booking.open === undefined
      ? ''
      : html`<span class="${booking.open ? 'books open' : 'books closed'}">${booking.open ? 'Books open' : 'Books closed'}</span>`
  }${booking.note ? html`<span class="books-note">${booking.note}</span>` : ''}${
    contact && contactHref
      ? html`<a class="contact" href="${contactHref}">${contact.label}</a>`
      : ''
  }</p>`;
}

/**
 * The whole document of an artist's page (or of a later page of their portfolio).
 * Every value from the data is escaped; links are http(s) (or mailto: for a contact) only.
 */
export function artistPageHtml(input: ArtistPageInput, site: SiteInfo): string {
  const { artist } = input.page;
  // An image with no WebP rung stored has no URL to show yet.
  const images = input.page.images.filter((image) => safeUrl(image.src));
  input = { ...input, page: { ...input.page, images } };
  const styles = stylesOf(images);
  // A later page says which it is: each page of a portfolio has a description of its own.
  const description =
    input.pageNumber > 1
      ? `${describe(artist, styles)} Older work, page ${input.pageNumber}.`
      : describe(artist, styles);
  const canonical = new URL(artistPath(artist.slug, input.pageNumber), site.origin).href;
  const title =
    input.pageNumber > 1
      ? `${artist.name}, page ${input.pageNumber} — ${site.name}`
      : `${artist.name} — ${site.name}`;
  const first = images[0];
  const shareImage = input.shareCard ?? (first && (largestOf(first.srcset.webp) ?? first.src));
  const firstRow = Math.max(...GALLERY_LAYOUTS.map((layout) => layout.columns));
  const meta = [artist.studio, artist.city, ...freshness(artist.sync, input.now)].filter(Boolean);
  const links = [
    ...artist.websites.flatMap((url) => {
      const href = safeUrl(url);
      return href ? [{ href, text: linkText(url) }] : [];
    }),
    ...(instagramUrl(artist)
      ? [
          {
            href: instagramUrl(artist) as string,
            text: `Instagram @${artist.instagram?.replace(/^@/, '')}`,
          },
        ]
      : []),
  ];
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><meta name="description" content="${description}"><link rel="canonical" href="${canonical}">${
    input.previousPath ? html`<link rel="prev" href="${input.previousPath}">` : ''
  }${input.nextPath ? html`<link rel="next" href="${input.nextPath}">` : ''}<meta property="og:type" content="profile"><meta property="og:site_name" content="${site.name}"><meta property="og:title" content="${input.pageNumber > 1 ? `${artist.name}, page ${input.pageNumber}` : artist.name}"><meta property="og:description" content="${description}"><meta property="og:url" content="${canonical}">${
    shareImage
      ? html`<meta property="og:image" content="${new URL(shareImage, site.origin).href}">${
          input.shareCard
            ? html`<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">`
            : ''
        }`
      : ''
  }${shareImage ? html`<meta name="twitter:card" content="summary_large_image">` : ''}${site.assets ?? ''}${jsonLd(structuredData(input, site, canonical, description))}</head><body data-page="artist"><header class="site-header"><p class="site-name"><a href="/">${site.name}</a></p></header><main><section id="profile" class="profile" aria-labelledby="artist-name"><h1 id="artist-name" class="artist-name">${artist.name}</h1><p id="artist-meta" class="artist-meta">${meta.join(' · ')}</p>${
    styles.length > 0
      ? html`<p class="artist-styles">${styles.map((style) => style.replace(/-/g, ' ')).join(', ')}</p>`
      : ''
  }${booking(artist)}<ul id="artist-links" class="artist-links">${links.map(
    (link) => html`<li><a href="${link.href}">${link.text}</a></li>`,
  )}</ul></section><div id="gallery" class="grid gallery">${
    images.length === 0 ? html`<p class="status" role="status">No images yet.</p>` : ''
  }${images.map((image, index) =>
    portfolioTile(image, {
      index,
      sizes: GALLERY_SIZES,
      eager: index < firstRow,
      highPriority: index === 0,
    }),
  )}</div>${
    input.previousPath || input.nextPath
      ? html`<nav class="pages" aria-label="Portfolio pages">${
          input.previousPath ? html`<a rel="prev" href="${input.previousPath}">Newer work</a>` : ''
        }${input.nextPath ? html`<a rel="next" href="${input.nextPath}">Older work</a>` : ''}</nav>`
      : ''
  }</main></body></html>`}\n`;
}
