// Studio sites in the shapes real ones take that the shared real sites do not show (or not
// alone): a gallery fetched as JSON and grown by an IntersectionObserver with random delays, a
// menu written by script, a gallery page listed only in the sitemap, thumbnails whose full
// size only the link, a lightbox attribute or a script's items name, tabs and "load more", chrome
// without a telling name, and a multi-artist studio. Served on 127.0.0.1 by one server.
import { type FixtureServer, reply, startFixtureServer } from '../support/fixture-server.ts';
import { photo } from './fixture-sites.ts';

export interface PatternSites extends FixtureServer {
  /** Per pattern: the paths of the full-size photos it should yield. */
  expected: Record<string, string[]>;
  /** Per pattern: paths that must never be stored (thumbnails, chrome, another artist's). */
  never: Record<string, string[]>;
}

const page = (body: string, head = '') =>
  reply(
    200,
    `<!doctype html><html><head><meta charset="utf-8"><title>Studio</title>${head}</head><body>${body}</body></html>`,
    { 'content-type': 'text/html; charset=utf-8' },
  );
const js = (code: string) => reply(200, code, { 'content-type': 'text/javascript' });

export async function startPatternSites(): Promise<PatternSites> {
  const server = (await startFixtureServer()) as PatternSites;
  const routes = server.routes;
  let seed = 100;
  const serve = async (path: string, width = 600, height = 800) => {
    routes.set(
      path,
      reply(200, await photo(++seed, width, height), { 'content-type': 'image/jpeg' }),
    );
    return path;
  };
  server.expected = {};
  server.never = {};
  routes.set('/robots.txt', reply(200, 'User-agent: *\nAllow: /\n\nSitemap: /sitemap-pages.xml\n'));

  // A gallery fetched as JSON after a random delay, then grown three at a time by an
  // IntersectionObserver on a sentinel, each batch after a random delay too.
  const lazy: string[] = [await serve('/lazy/p0.jpg')];
  for (let i = 1; i <= 12; i++) lazy.push(await serve(`/lazy/p${i}.jpg`));
  routes.set(
    '/lazy/gallery.json',
    reply(200, JSON.stringify(lazy.slice(1).map((src) => ({ src }))), {
      'content-type': 'application/json',
    }),
  );
  routes.set(
    '/lazy/',
    page(`<main class="gallery"><div id="grid"><img src="/lazy/p0.jpg" width="600" height="800"></div>
    <div id="sentinel" style="height: 10px"></div></main><script>
    const wait = () => new Promise((r) => setTimeout(r, 50 + Math.random() * 250));
    let items = [];
    let shown = 0;
    async function more() {
      await wait();
      for (const item of items.slice(shown, shown + 3)) {
        const img = document.createElement('img');
        img.src = item.src; img.width = 600; img.height = 800;
        img.style = 'display:block;height:900px';
        document.getElementById('grid').appendChild(img);
      }
      shown += 3;
    }
    setTimeout(async () => {
      items = await (await fetch('/lazy/gallery.json')).json();
      new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting) && shown < items.length) more();
      }).observe(document.getElementById('sentinel'));
    }, Math.random() * 300);
  </script>`),
  );
  server.expected.lazy = lazy;

  // A menu written by script: the plain HTML links nowhere, and its page has a photo.
  const menu = [
    await serve('/menu/home.jpg'),
    await serve('/menu/gallery/a.jpg'),
    await serve('/menu/gallery/b.jpg'),
    await serve('/menu/flash/c.jpg'),
  ];
  routes.set(
    '/menu/',
    page(
      '<div id="nav"></div><main class="portfolio"><img src="/menu/home.jpg" alt="Koi"></main><script src="/menu/navbar.js"></script>',
    ),
  );
  routes.set(
    '/menu/navbar.js',
    js(
      `document.getElementById('nav').innerHTML = '<a href="/menu/gallery/">Gallery</a> <a href="/menu/flash/">Flash</a>';`,
    ),
  );
  routes.set(
    '/menu/gallery/',
    page('<img src="/menu/gallery/a.jpg"><img src="/menu/gallery/b.jpg">'),
  );
  routes.set('/menu/flash/', page('<img src="/menu/flash/c.jpg">'));
  server.expected.menu = menu;

  // A gallery page nobody links to, listed in the sitemap robots.txt names.
  const sitemap = [await serve('/sm/cover.jpg'), await serve('/sm/archive/old.jpg')];
  routes.set('/sm/', page('<img src="/sm/cover.jpg">'));
  routes.set('/sm/archive/', page('<img src="/sm/archive/old.jpg">'));
  routes.set(
    '/sitemap-pages.xml',
    reply(
      200,
      `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>${server.origin}/sm/archive/</loc></url><url><loc>${server.origin}/menu/flash/</loc></url></urlset>`,
      { 'content-type': 'application/xml' },
    ),
  );
  server.expected.sitemap = sitemap;

  // Thumbnails in the grid, the full size behind a link, a lightbox attribute or a script's
  // items (rendered by that script).
  const full = [
    await serve('/thumbs/full/1.jpg', 1200, 1600),
    await serve('/thumbs/full/2.jpg', 1200, 1600),
    await serve('/thumbs/full/3.jpg', 1200, 1600),
  ];
  const thumbs = [
    await serve('/thumbs/t/1.jpg', 300, 400),
    await serve('/thumbs/t/2.jpg', 300, 400),
    await serve('/thumbs/t/3.jpg', 300, 400),
  ];
  routes.set(
    '/thumbs/',
    page(`<main class="gallery">
      <a href="/thumbs/full/1.jpg"><img src="/thumbs/t/1.jpg" width="300" height="400"></a>
      <a data-fancybox="g" data-src="/thumbs/full/2.jpg" href="javascript:;"><img src="/thumbs/t/2.jpg" width="300" height="400"></a>
      <div id="js-grid"></div></main>
      <script src="/thumbs/items.js"></script>`),
  );
  routes.set(
    '/thumbs/items.js',
    js(`const items = [{ thumb: '/thumbs/t/3.jpg', full: '/thumbs/full/3.jpg', title: 'Dagger' }];
    for (const item of items) { const img = document.createElement('img'); img.src = item.thumb; img.width = 300; img.height = 400; document.getElementById('js-grid').appendChild(img); }`),
  );
  server.expected.thumbs = full;
  server.never.thumbs = thumbs;

  // Tabs and a "load more": the Flash tab's images exist only after a click, and "Load more"
  // brings two more each time until there are none.
  const tabs = [
    await serve('/tabs/tattoo-1.jpg'),
    await serve('/tabs/tattoo-2.jpg'),
    await serve('/tabs/flash-1.jpg'),
    await serve('/tabs/flash-2.jpg'),
    await serve('/tabs/more-1.jpg'),
    await serve('/tabs/more-2.jpg'),
    await serve('/tabs/more-3.jpg'),
    await serve('/tabs/more-4.jpg'),
  ];
  routes.set(
    '/tabs/',
    page(`<main class="gallery"><div role="tablist"><button role="tab" id="t1">Tattoos</button><button role="tab" id="t2">Flash</button></div>
    <div id="panel"><img src="/tabs/tattoo-1.jpg"><img src="/tabs/tattoo-2.jpg"></div>
    <button id="more">Load more</button>
    <button id="like">Like this piece</button><button id="later">Show me later</button>
    <button id="pop">Open the viewer</button></main>
    <form id="f" action="/tabs/contact" method="post"><button type="submit">Send</button></form>
    <button form="f">Go</button>
    <script>
      const panel = document.getElementById('panel');
      const show = (names) => { panel.innerHTML = names.map((n) => '<img src="/tabs/' + n + '.jpg">').join(''); };
      document.getElementById('t1').onclick = () => show(['tattoo-1', 'tattoo-2']);
      document.getElementById('t2').onclick = () => setTimeout(() => show(['flash-1', 'flash-2']), 100);
      // Controls with side effects: a POST now, a beacon and a POST a little later, a popup.
      document.getElementById('like').onclick = () => fetch('/tabs/like', { method: 'POST', body: 'x' }).catch(() => {});
      document.getElementById('later').onclick = () => setTimeout(() => {
        navigator.sendBeacon('/tabs/beacon', 'x');
        fetch('/tabs/late', { method: 'POST' }).catch(() => {});
      }, 150);
      const open = window.open.bind(window);
      document.getElementById('pop').onclick = () => open('/tabs/popup', '_blank');
      let page = 0;
      document.getElementById('more').onclick = () => setTimeout(() => {
        page++;
        for (const n of [2 * page - 1, 2 * page]) { const img = document.createElement('img'); img.src = '/tabs/more-' + n + '.jpg'; panel.after(img); }
        if (page === 2) document.getElementById('more').remove();
      }, 100);
    </script>`),
  );
  routes.set('/tabs/contact', reply(500, 'a control posted the form'));
  server.expected.tabs = tabs;

  // Chrome without a telling name: a brand image on every page (no header element), a
  // storefront in the about section, the artist's portrait by its alt text.
  const chromePages = ['/chrome/', '/chrome/a/', '/chrome/b/', '/chrome/c/', '/chrome/d/'];
  const brand = await serve('/chrome/brandedmain.png', 900, 300);
  const storefront = await serve('/chrome/shop.jpg', 1200, 800);
  const portrait = await serve('/chrome/ana.jpg');
  const chromeWork: string[] = [];
  for (const [i, path] of chromePages.entries()) {
    const work = await serve(`${path}work-${i}.jpg`);
    chromeWork.push(work);
    routes.set(
      path,
      page(`<div class="top"><img src="${brand}" width="900" height="300"></div>
      <main><img src="${work}"></main>
      ${i === 0 ? `<section id="about"><img src="${storefront}" alt="Our place"></section><img src="${portrait}" alt="Ana, tattoo artist">` : ''}
      ${chromePages.map((p) => `<a href="${p}">Work ${p}</a>`).join(' ')}`),
    );
  }
  server.expected.chrome = chromeWork;
  server.never.chrome = [brand, storefront, portrait];

  // A multi-artist studio: Ana's page, her flash page, and a sibling artist's page.
  const ana = [
    await serve('/studio/artists/ana/rose.jpg'),
    await serve('/studio/artists/ana/flash/sheet.jpg'),
  ];
  const bob = await serve('/studio/artists/bob/skull.jpg');
  routes.set(
    '/studio/',
    page('<a href="/studio/artists/ana/">Ana</a><a href="/studio/artists/bob/">Bob</a>'),
  );
  routes.set(
    '/studio/artists/ana/',
    page(`<img src="/studio/artists/ana/rose.jpg"><a href="/studio/artists/ana/flash/">Flash</a>
      <a href="/studio/artists/bob/">Bob's work</a><a href="/studio/">The studio</a>`),
  );
  routes.set('/studio/artists/ana/flash/', page('<img src="/studio/artists/ana/flash/sheet.jpg">'));
  routes.set('/studio/artists/bob/', page(`<img src="${bob}">`));
  server.expected.studio = ana;
  server.never.studio = [bob, '/studio/artists/bob/'];
  return server;
}
