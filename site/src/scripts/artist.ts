// The artist page: one static file serves every /artists/<slug>/; this script reads the slug
// from the address and fills the profile and gallery from GET /api/artists/{slug}.
import type { ArtistPage, ArtistProfile, ImageView } from '../../../core/api/contract.ts';
import { freshness, linkText } from '../../../core/pages/freshness.ts';
import { GALLERY_SIZES } from '../../../core/pages/gallery-layout.ts';
// Instagram's own rule for handles; anything else is not linked.
import { INSTAGRAM_HANDLE } from '../../../core/vocabulary/instagram-handle.ts';
import { artistUrl, getJson, slugFromPath } from './api.ts';
import { byId, clearStatus, element, link, safeHref, showStatus } from './dom.ts';
import { offerMore } from './pager.ts';
import { buildFrame, firstRowLength } from './picture.ts';
import { createViewer } from './viewer.ts';

const SITE_NAME = 'Tattoo portfolios';

/** Fills the profile and `#gallery` for the artist in the address. */
export function startArtist(): void {
  const gallery = byId('gallery', HTMLDivElement);
  /** Every image shown so far, in order: the viewer walks this list. */
  const images: ImageView[] = [];
  const viewer = createViewer(images);

  /** Appends a page of images to the gallery; returns the first new item. */
  function appendImages(page: readonly ImageView[]): HTMLElement | undefined {
    const items = page.map((image, i) => galleryItem(image, images.length + i));
    images.push(...page);
    // The loading line goes in the same task as the images arrive, so nothing moves.
    clearStatus(gallery);
    gallery.append(...items);
    return items[0];
  }

  /** The first page: profile and images in one task, so nothing on screen moves. */
  async function start(slug: string): Promise<void> {
    const result = await getJson<ArtistPage>(artistUrl(slug));
    gallery.removeAttribute('aria-busy');
    if (!result.ok) {
      // A malformed slug (400) is as absent as an unknown one (404).
      if (result.status === 404 || result.status === 400) renderNotFound(gallery);
      else showStatus(gallery, 'Could not load this portfolio. Please try again later.');
      return;
    }
    renderProfile(result.data.artist);
    appendImages(result.data.images);
    if (images.length === 0) showStatus(gallery, 'No images yet.');
    offerMore(gallery, 'More', result.data.nextCursor, async (cursor) => {
      const next = await getJson<ArtistPage>(artistUrl(slug, cursor));
      if (!next.ok) return undefined;
      return { first: appendImages(next.data.images), nextCursor: next.data.nextCursor };
    });
  }

  // One listener serves every item, including those later pages add.
  gallery.addEventListener('click', (event) => {
    const item = (event.target as Element).closest<HTMLElement>('.gallery-item');
    if (item !== null) viewer.open(Number(item.dataset.index), item);
  });
  const slug = slugFromPath(location.pathname);
  if (slug === undefined) renderNotFound(gallery);
  else void start(slug);
}

/** A gallery item: a button named by the alt text that opens the viewer. */
function galleryItem(image: ImageView, index: number): HTMLButtonElement {
  const button = element('button', 'gallery-item');
  button.type = 'button';
  button.dataset.index = String(index);
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-label', image.alt || `Image ${index + 1}`);
  // The first row is on the first screen, and holds the likely LCP element.
  const eager = index < firstRowLength();
  button.append(buildFrame(image, { sizes: GALLERY_SIZES, eager, highPriority: eager }));
  return button;
}

/** Name, studio and city, and links to the artist's websites and Instagram. */
function renderProfile(artist: ArtistProfile): void {
  document.title = `${artist.name} — ${SITE_NAME}`;
  byId('artist-name', HTMLHeadingElement).textContent = artist.name;
  byId('artist-meta', HTMLParagraphElement).textContent = [
    artist.studio,
    artist.city,
    ...freshness(artist.sync, Date.now()),
  ]
    .filter(Boolean)
    .join(' · ');
  renderBooking(artist.booking);
  const links = [...artist.websites.map((url) => link(url, linkText(url))), instagramLink(artist)];
  byId('artist-links', HTMLUListElement).append(
    ...links.flatMap((anchor) => {
      if (anchor === undefined) return [];
      const item = element('li');
      item.append(anchor);
      return [item];
    }),
  );
}

/**
 * The call to action: "Book" to the booking page, whether books are open (and the note), and a
 * way to write. Contact links are `mailto:` or http(s) only.
 */
function renderBooking(booking: ArtistProfile['booking']): void {
  const row = byId('artist-booking', HTMLParagraphElement);
  if (!booking) return;
  const book = link(booking.url, 'Book an appointment');
  if (book) {
    book.className = 'book';
    row.append(book);
  }
  if (booking.open !== undefined) {
    row.append(
      element(
        'span',
        booking.open ? 'books open' : 'books closed',
        booking.open ? 'Books open' : 'Books closed',
      ),
    );
  }
  if (booking.note) row.append(element('span', 'books-note', booking.note));
  const contact = booking.contact;
  const href = contact?.href.startsWith('mailto:') ? contact.href : safeHref(contact?.href);
  if (contact && href) {
    const anchor = element('a', 'contact', contact.label);
    anchor.href = href;
    row.append(anchor);
  }
}

function instagramLink(artist: ArtistProfile): HTMLAnchorElement | undefined {
  const handle = artist.instagram?.replace(/^@/, '');
  if (handle === undefined || !INSTAGRAM_HANDLE.test(handle)) return undefined;
  return link(`https://www.instagram.com/${handle}/`, `Instagram @${handle}`);
}

/** "No artist here" in place of the name, and a way back to the directory. */
function renderNotFound(gallery: HTMLElement): void {
  gallery.removeAttribute('aria-busy');
  document.title = `Not found — ${SITE_NAME}`;
  byId('artist-name', HTMLHeadingElement).textContent = 'No artist here';
  const home = element('a', undefined, 'See all artists');
  home.href = '/';
  showStatus(gallery, 'This address does not match any artist. ', home);
}
