// An artist's page as HTML: what a crawler and a link preview read without running a script,
// every value from the data escaped, the structured data of schema.org's types.

import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { ArtistPage, ImageView } from '../../../core/api/contract.ts';
import { artistPageHtml, artistPath } from '../../../core/pages/artist-page.ts';

const SITE = { origin: 'https://tattoo.example', name: 'Tattoo portfolios' };
const NOW = Date.parse('2026-12-08T12:00:00Z');

function image(n: number, overrides: Partial<ImageView> = {}): ImageView {
  const id = n.toString(16).padStart(16, '0');
  return {
    id,
    width: 1200,
    height: 1500,
    alt: `Blackwork rose ${n}`,
    placeholder: '',
    colour: '#334455',
    provenance: { source: 'website', takenAt: '2026-11-01T10:00:00Z' },
    src: `/img/ana-lines/${id}/640.webp`,
    srcset: {
      avif: `/img/ana-lines/${id}/320.avif 320w, /img/ana-lines/${id}/1200.avif 1200w`,
      webp: `/img/ana-lines/${id}/320.webp 320w, /img/ana-lines/${id}/640.webp 640w, /img/ana-lines/${id}/1200.webp 1200w`,
    },
    styles: ['blackwork'],
    ...overrides,
  };
}

function page(
  overrides: Partial<ArtistPage['artist']> = {},
  images = [1, 2, 3, 4, 5].map((n) => image(n)),
): ArtistPage {
  return {
    artist: {
      slug: 'ana-lines',
      name: 'Ana Lines',
      studio: 'Kite Tattoo',
      city: 'Valencia',
      websites: ['https://ana.example/'],
      instagram: 'ana.lines',
      booking: {
        url: 'https://ana.example/book',
        open: true,
        note: 'Books open for March',
        contact: { href: 'mailto:ana@ana.example', label: 'ana@ana.example' },
      },
      sync: { updatedAt: '2026-12-05T12:00:00Z', sources: [] },
      ...overrides,
    },
    images,
  };
}

/** Schema.org's properties of each type the page uses (schema.org, each type with its parents'). */
const SCHEMA_ORG: Record<string, string[]> = {
  ProfilePage: ['url', 'name', 'description', 'dateModified', 'mainEntity', 'image'],
  Person: ['@id', 'name', 'url', 'address', 'worksFor', 'sameAs'],
  PostalAddress: ['addressLocality'],
  TattooParlor: ['name', 'address'],
  ImageObject: [
    'contentUrl',
    'thumbnailUrl',
    'width',
    'height',
    'caption',
    'creator',
    'creditText',
    'copyrightNotice',
    'uploadDate',
  ],
};

/** Every node of the structured data is of a schema.org type the page means, with its properties only. */
function checkTypes(node: unknown, path = '$'): void {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) checkTypes(item, `${path}[${i}]`);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const { '@type': type, '@context': _context, ...properties } = node as Record<string, unknown>;
  expect(type, `${path} has a type`).to.be.a('string');
  const allowed = SCHEMA_ORG[type as string];
  expect(allowed, `${path}: ${String(type)} is a type the page uses`).to.not.equal(undefined);
  for (const [name, value] of Object.entries(properties)) {
    expect(allowed, `${path}.${name} is a property of ${String(type)}`).to.include(name);
    checkTypes(value, `${path}.${name}`);
  }
}

describe("An artist's page as HTML (core/pages/artist-page.ts)", () => {
  it('shows the artist, their call to action and the first page of their portfolio without a script', () => {
    const $ = cheerio.load(artistPageHtml({ page: page(), pageNumber: 1, now: NOW }, SITE));
    expect($('title').text()).to.equal('Ana Lines — Tattoo portfolios');
    expect($('meta[name=description]').attr('content')).to.equal(
      'Blackwork tattoos by Ana Lines at Kite Tattoo in Valencia.',
    );
    expect($('h1').text()).to.equal('Ana Lines');
    expect($('#artist-meta').text()).to.equal('Kite Tattoo · Valencia · updated 3 days ago');
    expect($('.artist-booking a.book').attr('href')).to.equal('https://ana.example/book');
    expect($('.artist-booking a.contact').attr('href')).to.equal('mailto:ana@ana.example');
    expect(
      $('#artist-links a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).to.deep.equal(['https://ana.example/', 'https://www.instagram.com/ana.lines/']);
    const imgs = $('#gallery img');
    expect(imgs.length).to.equal(5);
    expect(imgs.map((_, img) => $(img).attr('loading')).get()).to.deep.equal([
      'eager',
      'eager',
      'eager',
      'lazy',
      'lazy',
    ]);
    expect(imgs.map((_, img) => $(img).attr('fetchpriority') ?? '').get()).to.deep.equal([
      'high',
      '',
      '',
      '',
      '',
    ]);
    const first = imgs.first();
    expect([first.attr('width'), first.attr('height'), first.attr('alt')]).to.deep.equal([
      '1200',
      '1500',
      'Blackwork rose 1',
    ]);
    expect(
      $('#gallery picture')
        .first()
        .find('source')
        .map((_, s) => $(s).attr('type'))
        .get(),
    ).to.deep.equal(['image/avif', 'image/webp']);
    // Without a script a tile opens the image at its largest.
    expect($('#gallery a.gallery-item').first().attr('href')).to.equal(
      '/img/ana-lines/0000000000000001/1200.webp',
    );
    expect($('#gallery .frame').first().attr('style')).to.equal(
      'aspect-ratio: 1200 / 1500; --ratio: 0.8; background-color: #334455',
    );
  });

  it('gives a canonical URL, a share card for link previews, and crawlable links between pages', () => {
    const $ = cheerio.load(
      artistPageHtml(
        {
          page: page(),
          pageNumber: 2,
          previousPath: artistPath('ana-lines'),
          nextPath: artistPath('ana-lines', 3),
          shareCard: '/img/ana-lines/share/abcdef.jpeg',
          now: NOW,
        },
        SITE,
      ),
    );
    expect($('link[rel=canonical]').attr('href')).to.equal(
      'https://tattoo.example/artists/ana-lines/page/2/',
    );
    const og = (property: string) => $(`meta[property="og:${property}"]`).attr('content');
    expect([
      og('type'),
      og('title'),
      og('url'),
      og('image'),
      og('image:width'),
      og('image:height'),
    ]).to.deep.equal([
      'profile',
      'Ana Lines, page 2',
      'https://tattoo.example/artists/ana-lines/page/2/',
      'https://tattoo.example/img/ana-lines/share/abcdef.jpeg',
      '1200',
      '630',
    ]);
    expect($('meta[name="twitter:card"]').attr('content')).to.equal('summary_large_image');
    expect($('meta[name=description]').attr('content')).to.equal(
      'Blackwork tattoos by Ana Lines at Kite Tattoo in Valencia. Older work, page 2.',
    );
    expect(
      $('nav.pages a')
        .map((_, a) => `${$(a).attr('rel')} ${$(a).attr('href')}`)
        .get(),
    ).to.deep.equal(['prev /artists/ana-lines/', 'next /artists/ana-lines/page/3/']);
  });

  it('describes the artist and their work in structured data of schema.org types', () => {
    const $ = cheerio.load(artistPageHtml({ page: page(), pageNumber: 1, now: NOW }, SITE));
    const blocks = $('script[type="application/ld+json"]');
    expect(blocks.length).to.equal(1);
    const data = JSON.parse(blocks.text());
    checkTypes(data);
    expect(data['@context']).to.equal('https://schema.org');
    expect(data.mainEntity).to.deep.include({
      '@type': 'Person',
      name: 'Ana Lines',
      url: 'https://tattoo.example/artists/ana-lines/',
      sameAs: ['https://ana.example/', 'https://www.instagram.com/ana.lines/'],
    });
    expect(data.mainEntity.worksFor).to.deep.include({
      '@type': 'TattooParlor',
      name: 'Kite Tattoo',
    });
    expect(data.image).to.have.length(5);
    expect(data.image[0]).to.deep.include({
      '@type': 'ImageObject',
      contentUrl: 'https://tattoo.example/img/ana-lines/0000000000000001/1200.webp',
      creditText: 'Ana Lines',
      copyrightNotice: '© Ana Lines',
    });
    expect(data.image[0].creator).to.deep.include({ '@type': 'Person', name: 'Ana Lines' });
  });

  it('keeps hostile values text: names, captions, cities and URLs never become markup, scripts or links', () => {
    const evil = '</script><script>alert(1)</script><img src=x onerror=alert(2)>"\'';
    const html = artistPageHtml(
      {
        page: page(
          {
            name: `Ana ${evil}`,
            studio: evil,
            city: `"><svg onload=alert(3)>`,
            websites: ['javascript:alert(4)', 'https://ana.example/?q="><b>'],
            instagram: 'not a handle"><b>',
            booking: {
              url: 'javascript:alert(5)',
              note: evil,
              contact: { href: 'data:text/html,<script>alert(6)</script>', label: evil },
            },
          },
          [
            image(1, { alt: evil, colour: 'red; background-image: url(https://evil.example/x)' }),
            image(2, { src: 'javascript:alert(7)' }),
          ],
        ),
        pageNumber: 1,
        now: NOW,
      },
      SITE,
    );
    const $ = cheerio.load(html);
    // One script only, the JSON-LD, and it parses back to the hostile values as they were.
    expect($('script').length).to.equal(1);
    const data = JSON.parse($('script').text());
    expect(data.mainEntity.name).to.equal(`Ana ${evil}`);
    expect(data.image[0].caption).to.equal(evil);
    expect($('h1').text()).to.equal(`Ana ${evil}`);
    expect($('svg, b, img:not(#gallery img)').length).to.equal(0);
    expect($('[onerror], [onload]').length).to.equal(0);
    const hrefs = $('[href]')
      .map((_, el) => $(el).attr('href'))
      .get();
    expect(hrefs.filter((href) => /^(javascript|data):/i.test(href))).to.deep.equal([]);
    // An image whose URL is not ours is not shown at all.
    expect(
      $('#gallery img')
        .map((_, img) => $(img).attr('src'))
        .get(),
    ).to.deep.equal(['/img/ana-lines/0000000000000001/640.webp']);
    expect(data.image).to.have.length(1);
    expect($('#gallery .frame').attr('style')).to.equal('aspect-ratio: 1200 / 1500; --ratio: 0.8');
    expect(
      $('#artist-links a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).to.deep.equal(['https://ana.example/?q=%22%3E%3Cb%3E']);
  });

  it('says so when there are no images yet, and still gives the page its title', () => {
    const $ = cheerio.load(artistPageHtml({ page: page({}, []), pageNumber: 1, now: NOW }, SITE));
    expect($('#gallery .status').text()).to.equal('No images yet.');
    expect($('meta[name=description]').attr('content')).to.equal(
      'Tattoo portfolio by Ana Lines at Kite Tattoo in Valencia.',
    );
    expect($('meta[property="og:image"]').length).to.equal(0);
  });
});
