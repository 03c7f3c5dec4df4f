import { expect } from 'chai';
import { RobotsPolicy } from '../../scraper/web/robots.ts';
import { renditionsInData } from '../../scraper/website/data-renditions.ts';
import { sitemapPages } from '../../scraper/website/sitemaps.ts';
import { reply, startFixtureServer } from '../support/fixture-server.ts';

describe('website data: full sizes in page data, pages in sitemaps', () => {
  it('maps thumbnails to the full sizes that JSON items and script object literals name', () => {
    const json = JSON.stringify({
      // PhotoSwipe's items, and a CMS's nested listing.
      items: [
        { msrc: '/t/1.jpg', src: '/f/1.jpg', w: 2000, h: 3000 },
        { thumbnail: 'https://cdn.example/t/2.webp', original: 'https://cdn.example/f/2.webp' },
      ],
      album: { cover: { small: 't/3.jpg', large: 'f/3.jpg', title: 'Koi' } },
      // One URL alone, or two full sizes, say nothing about which is the thumbnail.
      alone: { src: '/f/4.jpg' },
      unclear: { thumb: '/t/5.jpg', large: '/f/5a.jpg', full: '/f/5b.jpg' },
    });
    const script = `const gallery = [{ thumb: "/t/6.jpg", full: '/f/6.jpg' }, {src:'/f/7.jpg'}];
      lightbox.open({ preview: \`/t/8.jpg\`, zoom: "\\/f\\/8.jpg" });`;
    const map = renditionsInData(
      [
        { text: json, baseUrl: 'https://studio.example/api/gallery.json' },
        { text: script, baseUrl: 'https://studio.example/app.js' },
      ],
      'https://studio.example/work/',
    );
    expect(Object.fromEntries(map)).to.deep.equal({
      'https://studio.example/t/1.jpg': 'https://studio.example/f/1.jpg',
      'https://cdn.example/t/2.webp': 'https://cdn.example/f/2.webp',
      'https://studio.example/work/t/3.jpg': 'https://studio.example/work/f/3.jpg',
      'https://studio.example/t/6.jpg': 'https://studio.example/f/6.jpg',
      'https://studio.example/t/8.jpg': 'https://studio.example/f/8.jpg',
    });
  });

  it('reads the sitemaps robots.txt names, follows a sitemap index, and says which it could not read', async () => {
    const site = await startFixtureServer();
    const origin = site.origin;
    site.routes.set(
      '/robots.txt',
      reply(
        200,
        `User-agent: *\nAllow: /\n\nSitemap: ${origin}/index.xml\nSitemap: ${origin}/gone.xml\n`,
      ),
    );
    site.routes.set(
      '/index.xml',
      reply(
        200,
        `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>${origin}/pages.xml</loc></sitemap><sitemap><loc>${origin}/index.xml</loc></sitemap></sitemapindex>`,
        { 'content-type': 'application/xml' },
      ),
    );
    site.routes.set(
      '/pages.xml',
      reply(
        200,
        `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>${origin}/gallery/</loc></url><url><loc>${origin}/flash/#top</loc></url></urlset>`,
        { 'content-type': 'application/xml' },
      ),
    );
    try {
      const fetch = (url: string, init: RequestInit) => globalThis.fetch(url, init);
      const robots = new RobotsPolicy({ fetch, userAgentToken: 'portfolio-pipeline' });
      const found = await sitemapPages(origin, { fetch, robots });
      expect(found.urls).to.deep.equal([`${origin}/gallery/`, `${origin}/flash/`]);
      expect(found.errors).to.deep.equal([
        { url: `${origin}/gone.xml`, reason: 'The server answered 404' },
      ]);
      // The index that names itself is read once.
      expect(site.requests.filter((path) => path === '/index.xml')).to.have.length(1);
    } finally {
      await site.close();
    }
  });

  it('falls back to /sitemap.xml, and a site without one has no pages and no error', async () => {
    const site = await startFixtureServer({ '/robots.txt': reply(404, '') });
    try {
      const fetch = (url: string, init: RequestInit) => globalThis.fetch(url, init);
      const robots = new RobotsPolicy({ fetch, userAgentToken: 'portfolio-pipeline' });
      expect(await sitemapPages(site.origin, { fetch, robots })).to.deep.equal({
        urls: [],
        errors: [],
      });
      expect(site.requests).to.include('/sitemap.xml');
      // A server failing to answer for it is an error, though: its pages may be missed.
      site.routes.set('/sitemap.xml', reply(503, 'busy'));
      expect(await sitemapPages(site.origin, { fetch, robots })).to.deep.equal({
        urls: [],
        errors: [{ url: `${site.origin}/sitemap.xml`, reason: 'The server answered 503' }],
      });
    } finally {
      await site.close();
    }
  });
});
