import { expect } from 'chai';
import { extractCandidates, largestFromSrcset } from '../../scraper/website/candidates.ts';
import { fullSizeUrl } from '../../scraper/website/full-size.ts';
import { notPortfolioReason } from '../../scraper/website/image-filters.ts';
import { portfolioLinks } from '../../scraper/website/links.ts';

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
    const captions = Object.fromEntries(
      extractCandidates(html, 'https://studio.example/').map((c) => [
        new URL(c.url).pathname,
        c.caption,
      ]),
    );
    expect(captions).to.deep.equal({
      '/a.jpg': 'Koi sleeve, healed',
      '/b.jpg': 'Fine line peony',
      '/c.jpg': undefined,
      '/d.jpg': undefined,
      '/e.jpg': 'Dotwork mandala',
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
    const byUrl = Object.fromEntries(
      found.map((c) => [c.url.replace('https://studio.example', ''), c.via]),
    );
    expect(byUrl).to.deep.equal({
      '/plain.jpg': 'img',
      '/small.jpg': 'img',
      '/large.jpg': 'srcset',
      '/pic-2x.webp': 'srcset',
      '/pic.jpg': 'img',
      '/lazy.jpg': 'data-src',
      '/lazy-1600.jpg': 'data-src',
      '/noscript.jpg': 'noscript',
      '/bg.jpg': 'background',
      '/css-tile.jpg': 'background',
      '/og.jpg': 'og:image',
      '/ld-1.jpg': 'json-ld',
      '/ld-2.jpg': 'json-ld',
    });
    expect(found.find((c) => c.url.endsWith('/plain.jpg'))).to.include({
      width: 800,
      height: 600,
      context: 'Rose',
    });
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
});
