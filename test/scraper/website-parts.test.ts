import { expect } from 'chai';
import { extractCandidates, largestFromSrcset } from '../../scraper/website/candidates.ts';
import { fullSizeUrl } from '../../scraper/website/full-size.ts';
import { notPortfolioReason } from '../../scraper/website/image-filters.ts';
import { crawlScope, portfolioLinks } from '../../scraper/website/links.ts';

/** One field of every candidate a studio page gives, by the candidate's path. */
const byPath = (html: string, field: 'caption' | 'chrome') =>
  Object.fromEntries(
    extractCandidates(html, 'https://studio.example/').map((c) => [
      new URL(c.url).pathname,
      c[field],
    ]),
  );

describe('website parts', () => {
  it('takes a caption from the figure, else from meaningful alt text', () => {
    const html = `<html><body>
      <figure><img src="/a.jpg" alt="a"><figcaption> Koi sleeve,
        healed </figcaption></figure>
      <img src="/b.jpg" alt="Fine line peony">
      <img src="/c.jpg" alt="IMG_2041.JPG">
      <img src="/d.jpg" alt="image">
      <img src="/e.jpg" srcset="/e-2000.jpg 2000w" alt="Dotwork mandala">
    </body></html>`;
    const captions = byPath(html, 'caption');
    expect(captions).to.deep.equal({
      '/a.jpg': 'Koi sleeve, healed',
      '/b.jpg': 'Fine line peony',
      '/c.jpg': undefined,
      '/d.jpg': undefined,
      // /e.jpg is the thumbnail of its srcset's 2000 px file: one piece, one candidate.
      '/e-2000.jpg': 'Dotwork mandala',
    });
  });

  it('resolves platform renditions to their full-size originals', () => {
    const cases: [string, string][] = [
      [
        'https://studio.example/wp-content/uploads/2024/05/rose-768x1024.jpg',
        'https://studio.example/wp-content/uploads/2024/05/rose.jpg',
      ],
      [
        'https://images.squarespace-cdn.com/content/v1/5f/abc/photo.jpg?format=500w',
        'https://images.squarespace-cdn.com/content/v1/5f/abc/photo.jpg?format=original',
      ],
      [
        'https://static.wixstatic.com/media/ab12~mv2.jpg/v1/fill/w_300,h_200,al_c,q_80/ab12~mv2.jpg',
        'https://static.wixstatic.com/media/ab12~mv2.jpg',
      ],
      [
        'https://cdn.shopify.com/s/files/1/0001/products/piece_600x600_crop_center.jpg?v=12',
        'https://cdn.shopify.com/s/files/1/0001/products/piece.jpg?v=12',
      ],
      [
        'https://shop.example/cdn/shop/files/flash_x800.png?v=3&width=400',
        'https://shop.example/cdn/shop/files/flash.png?v=3',
      ],
      [
        'https://studio.example/images/rose-768x1024.jpg',
        'https://studio.example/images/rose-768x1024.jpg',
      ],
    ];
    for (const [rendition, original] of cases)
      expect(fullSizeUrl(rendition), rendition).to.equal(original);
  });

  it('finds images in img, srcset, picture, data-src, noscript, styles, og:image and JSON-LD', () => {
    const html = `<html><head>
      <meta property="og:image" content="/og.jpg">
      <script type="application/ld+json">{"@type":"ImageGallery","image":[{"contentUrl":"/ld-1.jpg"},"/ld-2.jpg"],"logo":"/ld-logo.png"}</script>
      <style>.tile { background-image: url("/css-tile.jpg") }</style></head><body>
      <img src="/plain.jpg" width="800" height="600" alt="Rose">
      <img src="/small.jpg" srcset="/small.jpg 300w, /large.jpg 1200w, /medium.jpg 768w">
      <picture><source srcset="/pic-1x.webp 1x, /pic-2x.webp 2x"><img src="/pic.jpg"></picture>
      <img data-src="/lazy.jpg" data-srcset="/lazy-400.jpg 400w, /lazy-1600.jpg 1600w" src="data:image/gif;base64,R0lGOD">
      <noscript><img src="/noscript.jpg"></noscript>
      <div style="background-image: url('/bg.jpg')"></div>
      <a href="#"><img src="javascript:alert(1)"></a>
    </body></html>`;
    const found = extractCandidates(html, 'https://studio.example/gallery/');
    const path = (url: string) => url.replace('https://studio.example', '');
    const byUrl = Object.fromEntries(
      found.map((c) => [path(c.url), [c.via, ...(c.renditions ?? []).map(path)]]),
    );
    // One candidate per piece, at its largest rendition; the smaller ones ride along.
    expect(byUrl).to.deep.equal({
      '/plain.jpg': ['html'],
      '/large.jpg': ['srcset', '/small.jpg'],
      '/pic-2x.webp': ['srcset', '/pic.jpg'],
      '/lazy-1600.jpg': ['data-src', '/lazy.jpg'],
      '/noscript.jpg': ['noscript'],
      '/bg.jpg': ['background'],
      '/css-tile.jpg': ['background'],
      '/og.jpg': ['og:image'],
      '/ld-1.jpg': ['json-ld'],
      '/ld-2.jpg': ['json-ld'],
    });
    expect(found.find((c) => c.url.endsWith('/plain.jpg'))).to.include({
      width: 800,
      height: 600,
      context: 'Rose',
    });
    // A page's social preview, structured data and stylesheet backgrounds are not its gallery.
    const chrome = Object.fromEntries(found.map((c) => [path(c.url), c.chrome]));
    expect(chrome['/og.jpg']).to.equal(
      'page metadata (social preview or structured data), not gallery content',
    );
    expect(chrome['/ld-1.jpg']).to.equal(chrome['/og.jpg']);
    expect(chrome['/css-tile.jpg']).to.equal('a stylesheet background');
    expect(chrome['/bg.jpg']).to.equal(undefined);
    expect(largestFromSrcset('a.jpg 1x, b.jpg 3x, c.jpg 2x')).to.deep.equal({ url: 'b.jpg' });
  });

  it('drops logos, icons, sprites, avatars and tracking pixels', () => {
    const reasons = [
      ['https://s.example/wp-content/uploads/logo-studio.png', {}],
      ['https://s.example/img/icons/instagram.png', {}],
      ['https://s.example/img/sprite@2x.png', {}],
      ['https://www.facebook.com/tr?id=1&ev=PageView', {}],
      ['https://s.example/img/a.svg', {}],
      ['https://s.example/img/p.gif', { width: 1, height: 1 }],
      ['https://s.example/img/thumb.jpg', { width: 150, height: 150 }],
      ['https://s.example/img/header.jpg', { context: 'site-logo header' }],
      ['https://s.example/img/rose.jpg', { width: 1200, height: 1600, context: 'Rose, healed' }],
    ].map(([url, hints]) => notPortfolioReason(url as string, hints as object));
    expect(reasons).to.deep.equal([
      'logo, icon or sprite by its name',
      'logo, icon or sprite by its name',
      'logo, icon or sprite by its name',
      'tracking pixel',
      'vector or icon format',
      'tracking pixel',
      'too small (150x150)',
      'logo, icon or sprite by its element',
      undefined,
    ]);
  });

  it('follows same-site links, portfolio-looking ones first', () => {
    const html = `<a href="/about">About</a><a href="https://www.studio.example/gallery/">Gallery</a>
      <a href="https://elsewhere.example/portfolio">Other site</a><a href="/flash/sheet.pdf">PDF</a>
      <a href="/work?page=2" rel="next">Next</a><a href="mailto:x@y.z">Mail</a><a href="/about#team">Team</a>`;
    expect(portfolioLinks(html, 'https://studio.example/')).to.deep.equal([
      'https://www.studio.example/gallery/',
      'https://studio.example/work?page=2',
      'https://studio.example/about',
    ]);
  });

  it('takes the full size from the link around a thumbnail and from any lightbox data-* attribute', () => {
    // How lightbox2, Fancybox, PhotoSwipe, GLightbox, Magnific, lightGallery and BigPicture
    // name the full size, and a JS lightbox's JSON item.
    const html = `<main class="gallery">
      <a href="/full/lb2.jpg" data-lightbox="set"><img src="/thumb/lb2.jpg"></a>
      <a data-fancybox="g" data-src="/full/fancy.jpg" href="javascript:;"><img src="/thumb/fancy.jpg"></a>
      <a href="/full/pswp.jpg" data-pswp-width="2000" data-pswp-height="3000"><img src="/thumb/pswp.jpg"></a>
      <a href="/full/glb.jpg" class="glightbox"><img src="/thumb/glb.jpg" alt="Koi, healed"></a>
      <a class="popup" data-mfp-src="/full/mfp.jpg"><img src="/thumb/mfp.jpg"></a>
      <div class="lg-item" data-src="/full/lg.jpg" data-lg-size="1600-2400"><img src="/thumb/lg.jpg"></div>
      <img src="/thumb/bp.jpg" data-bp="/full/bp.jpg">
      <figure data-item='{"src":"/full/json.jpg","w":2000}'><img src="/thumb/json.jpg"></figure>
      <a href="/full/same.jpg"><img src="/full/same.jpg"></a>
      <a href="/full/alone.jpg">Download the flash sheet</a>
    </main>`;
    const found = extractCandidates(html, 'https://studio.example/');
    const byUrl = Object.fromEntries(
      found.map((c) => [
        new URL(c.url).pathname,
        [c.via, ...(c.renditions ?? []).map((u) => new URL(u).pathname)],
      ]),
    );
    expect(byUrl).to.deep.equal({
      '/full/lb2.jpg': ['link', '/thumb/lb2.jpg'],
      '/full/fancy.jpg': ['lightbox', '/thumb/fancy.jpg'],
      '/full/pswp.jpg': ['link', '/thumb/pswp.jpg'],
      '/full/glb.jpg': ['link', '/thumb/glb.jpg'],
      '/full/mfp.jpg': ['lightbox', '/thumb/mfp.jpg'],
      '/full/lg.jpg': ['lightbox', '/thumb/lg.jpg'],
      '/full/bp.jpg': ['lightbox', '/thumb/bp.jpg'],
      '/full/json.jpg': ['lightbox', '/thumb/json.jpg'],
      // The grid shows the very file the lightbox opens: found in the HTML.
      '/full/same.jpg': ['html'],
      '/full/alone.jpg': ['link'],
    });
    expect(found.find((c) => c.url.endsWith('/full/glb.jpg'))?.caption).to.equal('Koi, healed');
  });

  it('tells site chrome from the gallery, and says why', () => {
    const html = `<body>
      <header><img src="/brandedmain.png" alt="Studio"></header>
      <nav><img src="/nav.jpg"></nav>
      <section id="about"><h2>About</h2><img src="/storefront.jpg" alt="Front of the shop"></section>
      <section class="team-grid"><img src="/ana-face.jpg"></section>
      <section id="about"><div class="gallery"><img src="/hero-gallery.jpg"></div></section>
      <div class="team-gallery"><img src="/team-gallery.jpg"></div>
      <main class="portfolio"><img src="/rose.jpg" alt="Rose"><img src="/me.jpg" alt="Ana, tattoo artist"></main>
      <a href="https://shop.example/merch"><img src="/banner.jpg" alt="Buy prints"></a>
      <footer><img src="/footer-photo.jpg"></footer>
    </body>`;
    const chrome = byPath(html, 'chrome');
    expect(chrome).to.deep.equal({
      '/brandedmain.png': "site chrome (in the page's header)",
      '/nav.jpg': "site chrome (in the page's navigation)",
      '/storefront.jpg': 'in the page\'s "about" section, not its gallery',
      '/ana-face.jpg': 'in the page\'s "team" section, not its gallery',
      '/hero-gallery.jpg': undefined,
      '/team-gallery.jpg': undefined,
      '/rose.jpg': undefined,
      '/me.jpg': 'its alt text describes a person or a place ("Ana, tattoo artist")',
      '/banner.jpg': 'a banner or button linking to another site',
      '/footer-photo.jpg': "site chrome (in the page's footer)",
    });
    const about = extractCandidates(
      '<img src="/rose.jpg">',
      'https://studio.example/about-us.html',
    );
    expect(about[0]?.chrome).to.equal('on a page about the studio, not its work');
  });

  it('refuses work that is not tattooing: piercing, henna, jewellery', () => {
    expect(
      [
        ['https://s.example/images/mehndi-gallery/1.jpg', {}],
        ['https://s.example/img/77.jpg', { context: 'Septum piercing, healed' }],
        ['https://s.example/img/78.jpg', { caption: 'Bijoux en or' }],
        ['https://s.example/img/79.jpg', { caption: 'Fine line rose, healed' }],
        ['https://s.example/img/pierced-heart-flash.jpg', {}],
      ].map(([url, hints]) => notPortfolioReason(url as string, hints as object)),
    ).to.deep.equal([
      'not tattoo work (mehndi)',
      'not tattoo work (piercing)',
      'not tattoo work (bijoux)',
      undefined,
      'not tattoo work (pierced)',
    ]);
  });

  it("keeps a crawl to the artist: a whole site from its root, one artist's part of a studio site", () => {
    const site = crawlScope(['https://studio.example/']);
    expect(site.includes('https://www.studio.example/artists/bob/')).to.equal(true);
    expect(site.includes('https://elsewhere.example/')).to.equal(false);
    expect(site.homes()).to.deep.equal([]);
    const ana = crawlScope(['https://studio.example/artists/ana/']);
    expect(
      [
        'https://studio.example/artists/ana/',
        'https://studio.example/artists/ana/flash/',
        'https://studio.example/artists/ana.html',
        'https://studio.example/artists/anabel/',
        'https://studio.example/artists/bob/',
        'https://studio.example/',
      ].map((url) => ana.includes(url)),
    ).to.deep.equal([true, true, true, false, false, false]);
    expect(ana.homes()).to.deep.equal(['https://studio.example/']);
    const micah = crawlScope(['https://studio.example/portfolio/micah.html']);
    expect(micah.includes('https://studio.example/portfolio/micah/healed.html')).to.equal(true);
    expect(micah.includes('https://studio.example/portfolio/jimmy.html')).to.equal(false);
    const numbered = crawlScope(['https://studio.example/artists/12/']);
    expect(numbered.includes('https://studio.example/artists/13/')).to.equal(false);
    const query = crawlScope(['https://studio.example/artist.php?id=3']);
    expect(
      [
        'https://studio.example/artist.php?id=3&page=2',
        'https://studio.example/artist.php?id=4',
        'https://studio.example/artist.html',
      ].map((url) => query.includes(url)),
    ).to.deep.equal([true, false, false]);
    expect(
      crawlScope(['https://studio.example/?page_id=42']).includes('https://studio.example/about/'),
    ).to.equal(false);
    const paged = crawlScope(['https://studio.example/gallery/page/1/']);
    expect(paged.includes('https://studio.example/gallery/page/2/')).to.equal(true);
    expect(paged.includes('https://studio.example/contact/')).to.equal(false);
  });
});
