// Studio websites in the shapes tattoo studios use, served on 127.0.0.1, with photos made here
// (distinct gradients, big enough to pass for portfolio photos) and the usual logos and pixels.
import sharp from 'sharp';
import { type FixtureServer, reply, startFixtureServer } from '../support/fixture-server.ts';

/** A distinct JPEG photo for `seed`. */
export async function photo(seed: number, width = 600, height = 800): Promise<Buffer> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="${seed % 2}" y2="1">
      <stop offset="0" stop-color="hsl(${hue},70%,40%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},60%,70%)"/>
    </linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${(seed * 97) % width}" cy="${(seed * 53) % height}" r="${80 + (seed % 5) * 20}" fill="hsl(${(hue + 200) % 360},80%,50%)"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

const page = (body: string, head = '') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>Studio</title>${head}</head><body>${body}</body></html>`;
const html = (body: string, head = '') =>
  reply(200, page(body, head), { 'content-type': 'text/html; charset=utf-8' });

export interface FixtureSites extends FixtureServer {
  /** Paths of the full-size photos each site should yield. */
  expected: Record<string, string[]>;
}

/** Three artists with a working studio site each among the fixture sites at `origin`. */
export const threeStudioArtists = (origin: string) => [
  { slug: 'ana-lines', name: 'Ana', websites: [`${origin}/sq/`] },
  { slug: 'bo-tiles', name: 'Bo', websites: [`${origin}/tiles/`] },
  { slug: 'cy-press', name: 'Cy', websites: [`${origin}/wp/`] },
];

export async function startFixtureSites(): Promise<FixtureSites> {
  const server = (await startFixtureServer()) as FixtureSites;
  const routes = server.routes;
  const jpeg = (body: Buffer) => reply(200, body, { 'content-type': 'image/jpeg' });
  const logo = await sharp({ create: { width: 120, height: 40, channels: 3, background: '#000' } })
    .png()
    .toBuffer();
  const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
  routes.set('/robots.txt', reply(200, 'User-agent: *\nAllow: /\n'));
  routes.set('/img/logo.png', reply(200, logo, { 'content-type': 'image/png' }));
  routes.set('/img/tr.gif', reply(200, pixel, { 'content-type': 'image/gif' }));
  const chrome =
    '<header><img class="site-logo" src="/img/logo.png" alt="Studio logo"></header><img src="/img/tr.gif" width="1" height="1">';
  let seed = 0;
  const serve = async (path: string) => {
    routes.set(path, jpeg(await photo(++seed)));
    return path;
  };

  // WordPress: resized renditions in src/srcset, originals under the same name without -WxH;
  // a second gallery page.
  const wp = [
    await serve('/wp-content/uploads/2024/05/rose.jpg'),
    await serve('/wp-content/uploads/2024/05/koi.jpg'),
    await serve('/wp-content/uploads/2024/06/dagger.jpg'),
  ];
  for (const path of wp) {
    for (const size of ['300x400', '768x1024'])
      routes.set(path.replace('.jpg', `-${size}.jpg`), jpeg(await photo(900 + seed)));
  }
  const wpImg = (path: string) =>
    `<img src="${path.replace('.jpg', '-300x400.jpg')}" srcset="${path.replace('.jpg', '-300x400.jpg')} 300w, ${path.replace('.jpg', '-768x1024.jpg')} 768w" width="300" height="400">`;
  routes.set(
    '/wp/',
    html(
      `${chrome}<div class="gallery">${wpImg(wp[0] as string)}${wpImg(wp[1] as string)}</div><a href="/wp/gallery/page/2/">Older work</a><a href="/wp/contact/">Contact</a>`,
    ),
  );
  routes.set('/wp/gallery/page/2/', html(`${chrome}${wpImg(wp[2] as string)}`));
  routes.set('/wp/contact/', html(`${chrome}<p>Call us</p>`));
  server.expected = { wp };

  // Squarespace: lazy data-src with ?format=, a noscript fallback.
  const sq = [await serve('/sq/static/blackwork.jpg'), await serve('/sq/static/lines.jpg')];
  routes.set(
    '/sq/',
    html(
      `${chrome}<img data-src="${sq[0]}?format=500w" data-srcset="${sq[0]}?format=300w 300w, ${sq[0]}?format=750w 750w"><noscript><img src="${sq[1]}?format=1000w"></noscript>`,
    ),
  );
  server.expected.sq = sq;

  // Wix: the gallery is rendered by script after load, with /v1/fill/ renditions.
  const wix = [await serve('/media/a1b2~mv2.jpg'), await serve('/media/c3d4~mv2.jpg')];
  routes.set(
    '/wix/',
    html(`${chrome}<div id="gallery"></div><script>
    setTimeout(() => { document.getElementById('gallery').innerHTML = ${JSON.stringify(wix.map((p) => `<img src="${p}/v1/fill/w_300,h_400,al_c,q_80/${p.split('/').pop()}">`).join(''))}; }, 100);
  </script>`),
  );
  server.expected.wix = wix;

  // Infinite scroll: three photos more each time the bottom is reached, nine in all.
  const scroll: string[] = [];
  for (let i = 1; i <= 9; i++) scroll.push(await serve(`/scroll/img-${i}.jpg`));
  routes.set(
    '/scroll/',
    html(`<div id="feed" style="min-height: 120vh"></div><script>
    let shown = 0;
    function more() { if (shown >= 9) return; for (let i = 0; i < 3; i++) { shown++; const img = document.createElement('img'); img.src = '/scroll/img-' + shown + '.jpg'; img.width = 600; img.height = 800; img.style.display = 'block'; document.getElementById('feed').appendChild(img); } }
    window.addEventListener('scroll', () => { if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 50) more(); });
  </script>`),
  );
  server.expected.scroll = scroll;

  // CSS background tiles and a Shopify-style rendition.
  const tiles = [
    await serve('/tiles/one.jpg'),
    await serve('/tiles/two.jpg'),
    await serve('/cdn/shop/files/flash.jpg'),
  ];
  routes.set('/cdn/shop/files/flash_600x600.jpg', jpeg(await photo(777)));
  routes.set(
    '/tiles/',
    html(
      `<div class="tile" style="background-image: url('${tiles[0]}')"></div><div class="tile" style="background: url(${tiles[1]}) center / cover"></div><img src="/cdn/shop/files/flash_600x600.jpg">`,
    ),
  );
  server.expected.tiles = tiles;

  // Hostile: a 40 MB image, a drip, HTML as a JPEG, a redirect to a loopback address that is
  // not allowlisted, endless pagination.
  const good = await serve('/hostile/fine.jpg');
  routes.set('/hostile/huge.jpg', (_req, res) => {
    res.writeHead(200, {
      'content-type': 'image/jpeg',
      'content-length': String(40 * 1024 * 1024),
    });
    res.end(Buffer.alloc(1024));
  });
  routes.set('/hostile/drip.jpg', (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    res.write(Buffer.from([0xff, 0xd8, 0xff]));
    const timer = setInterval(() => res.write(Buffer.from([0])), 1000);
    res.on('close', () => clearInterval(timer));
  });
  routes.set(
    '/hostile/page.jpg',
    reply(200, page('<p>Not a photo</p>'), { 'content-type': 'image/jpeg' }),
  );
  routes.set(
    '/hostile/elsewhere.jpg',
    reply(302, '', { location: 'http://127.0.0.2/private.jpg' }),
  );
  routes.set(
    '/hostile/',
    html(
      ['fine', 'huge', 'drip', 'page', 'elsewhere']
        .map((name) => `<img src="/hostile/${name}.jpg">`)
        .join(''),
    ),
  );
  server.expected.hostile = [good];
  // Each page of the endless gallery has a piece of its own (one on every page would be chrome).
  for (let i = 1; i <= 50; i++) {
    routes.set(
      `/endless/page/${i}/`,
      html(`<img src="/endless/photo-${i}.jpg"><a href="/endless/page/${i + 1}/">Next page</a>`),
    );
    routes.set(`/endless/photo-${i}.jpg`, jpeg(await photo(4242 + i)));
  }
  return server;
}
