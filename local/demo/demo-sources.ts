// The demo artists' sources, served on loopback while the first run ingests them: a studio
// website with a flash gallery, and an Instagram profile answering in the web endpoints' shape.
// The scraper reaches them exactly as it reaches the real ones.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Booking } from '../../core/artists/artists.ts';
import { flashJpeg, flashSize, motifName } from './flash.ts';

export interface DemoArtist {
  slug: string;
  name: string;
  studio: string;
  city: string;
  /** The demo designs this artist shows. */
  designs: number[];
  source: 'website' | 'instagram';
  /** What the artist writes about the nth of their designs (the styles the directory finds). */
  says(k: number): string;
  booking: Booking;
}

export const DEMO_ARTISTS: readonly DemoArtist[] = [
  {
    slug: 'rosa-flash',
    name: 'Rosa Marín',
    studio: 'Anchor & Rose',
    city: 'Valencia',
    designs: Array.from({ length: 12 }, (_, k) => k),
    source: 'website',
    says: () => 'traditional flash, available',
    booking: {
      url: 'https://anchor-and-rose.example/book',
      open: true,
      note: 'Walk-ins on Saturdays',
    },
  },
  {
    slug: 'tomo-lines',
    name: 'Tomo Ishida',
    studio: 'Kite Tattoo',
    city: 'Osaka',
    designs: Array.from({ length: 12 }, (_, k) => 12 + k),
    source: 'instagram',
    says: (k) => (k % 2 === 0 ? '#irezumi #tattooflash' : '#blackworktattoo #flash'),
    booking: { contact: 'tomo@kite-tattoo.example', open: false, note: 'Books open in spring' },
  },
];

/** The demo Instagram account of an artist. */
export const demoHandle = (artist: DemoArtist) => artist.slug.replace('-', '.');

export interface DemoSources {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The studio website of a website artist. */
  websiteOf(artist: DemoArtist): string;
  close(): Promise<void>;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );

/** Starts the demo sources on 127.0.0.1 (a free port), with every design drawn up front. */
export async function startDemoSources(artists = DEMO_ARTISTS): Promise<DemoSources> {
  const images = new Map<number, Buffer>();
  for (const artist of artists) {
    for (const n of artist.designs) images.set(n, await flashJpeg(n));
  }
  const day = 86_400;
  const now = Math.floor(Date.now() / 1000);
  let origin = '';

  const studioPage = (artist: DemoArtist) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(artist.studio)}: flash by ${escapeHtml(artist.name)}</title></head>
<body><h1>${escapeHtml(artist.studio)}</h1><p>Flash by ${escapeHtml(artist.name)}, ${escapeHtml(artist.city)}.</p>
<main class="gallery">${artist.designs
    .map((n, k) => {
      const { width, height } = flashSize(n);
      return `<figure><img src="/${artist.slug}/flash-${n}.jpg" width="${width}" height="${height}" alt="${escapeHtml(motifName(n))}"><figcaption>${escapeHtml(motifName(n))}, ${escapeHtml(artist.says(k))}</figcaption></figure>`;
    })
    .join('\n')}</main></body></html>`;

  const profile = (artist: DemoArtist) => ({
    data: {
      user: {
        id: `1000${artists.indexOf(artist)}`,
        is_private: false,
        edge_owner_to_timeline_media: {
          page_info: { has_next_page: false, end_cursor: null },
          edges: artist.designs.map((n, k) => ({
            node: {
              id: `2000${n}`,
              shortcode: `demo${n}`,
              is_video: false,
              display_url: `${origin}/ig/flash-${n}.jpg`,
              dimensions: flashSize(n),
              taken_at_timestamp: now - (k + 1) * 3 * day,
              edge_media_to_caption: {
                edges: [
                  { node: { text: `${motifName(n)}, drawn for the walls. ${artist.says(k)}` } },
                ],
              },
            },
          })),
        },
      },
    },
  });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const image = /^\/(?:[a-z-]+|ig)\/flash-(\d+)\.jpg$/.exec(url.pathname);
    const bytes = image?.[1] ? images.get(Number(image[1])) : undefined;
    if (bytes) {
      res
        .writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length })
        .end(bytes);
      return;
    }
    if (url.pathname === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
      return;
    }
    const studio = artists.find((a) => a.source === 'website' && url.pathname === `/${a.slug}/`);
    if (studio) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(studioPage(studio));
      return;
    }
    const handle = url.searchParams.get('username');
    const account = artists.find((a) => a.source === 'instagram' && demoHandle(a) === handle);
    if (url.pathname === '/api/v1/users/web_profile_info/') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(account ? profile(account) : { data: { user: null } }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    websiteOf: (artist) => `${origin}/${artist.slug}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
