// The directory's pages as HTML: an address per city and style, cards and filter links a visitor
// follows without a script, structured data of schema.org's types, hostile values kept text.

import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { ArtistSummary } from '../../../core/api/contract.ts';
import { directoryPageHtml, directoryPath } from '../../../core/pages/directory-page.ts';
import { STYLES } from '../../../core/vocabulary/styles.ts';

const SITE = { origin: 'https://tattoo.example', name: 'Tattoo portfolios' };
const CITIES = [
  { key: 'lyon', name: 'Lyon', artists: 2 },
  { key: 'osaka', name: 'Osaka', artists: 1 },
];

function artist(slug: string, overrides: Partial<ArtistSummary> = {}): ArtistSummary {
  return {
    slug,
    name: slug.replace('-', ' '),
    city: 'Lyon',
    studio: 'Kite',
    url: `/artists/${slug}/`,
    styles: ['blackwork', 'fine-line'],
    cover: {
      id: '00000000000000aa',
      width: 800,
      height: 1000,
      alt: 'A rose',
      placeholder: '',
      colour: '#112233',
      provenance: { source: 'instagram' },
      src: `/img/${slug}/00000000000000aa/640.webp`,
      srcset: { webp: `/img/${slug}/00000000000000aa/640.webp 640w` },
      styles: [],
    },
    ...overrides,
  };
}

describe("The directory's pages as HTML (core/pages/directory-page.ts)", () => {
  it('gives the home page, each city, each style and both an address of their own', () => {
    expect(directoryPath({})).to.equal('/');
    expect(directoryPath({ city: 'lyon' })).to.equal('/cities/lyon/');
    expect(directoryPath({ style: 'blackwork' })).to.equal('/styles/blackwork/');
    expect(directoryPath({ city: 'lyon', style: 'blackwork' }, 3)).to.equal(
      '/cities/lyon/blackwork/page/3/',
    );
  });

  it('lists the artists of a city and style as cards, with filter links that keep the other filter', () => {
    const $ = cheerio.load(
      directoryPageHtml(
        {
          artists: [artist('ana-ink'), artist('bo-lines', { cover: undefined, styles: [] })],
          filter: { city: { key: 'lyon', name: 'Lyon' }, style: 'blackwork' },
          cities: CITIES,
          pageNumber: 1,
          nextPath: directoryPath({ city: 'lyon', style: 'blackwork' }, 2),
        },
        SITE,
      ),
    );
    expect($('title').text()).to.equal('Blackwork tattoo artists in Lyon — Tattoo portfolios');
    expect($('h1').text()).to.equal('Blackwork tattoo artists in Lyon');
    expect($('link[rel=canonical]').attr('href')).to.equal(
      'https://tattoo.example/cities/lyon/blackwork/',
    );
    expect(
      $('a.card')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).to.deep.equal(['/artists/ana-ink/', '/artists/bo-lines/']);
    expect(
      $('a.card')
        .first()
        .find('.chip')
        .map((_, c) => $(c).text())
        .get(),
    ).to.have.length(2);
    expect($('a.card').eq(1).find('.frame-empty').length).to.equal(1);
    expect($('a.card img').first().attr('fetchpriority')).to.equal('high');
    const styleRow = $('#style-filters a');
    expect(styleRow.length).to.equal(STYLES.length + 1);
    expect(styleRow.first().attr('href')).to.equal('/cities/lyon/');
    expect($('#style-filters a[aria-current=page]').attr('href')).to.equal(
      '/cities/lyon/blackwork/',
    );
    expect(
      $('#city-filters a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).to.deep.equal(['/styles/blackwork/', '/cities/lyon/blackwork/', '/cities/osaka/blackwork/']);
    expect($('nav.pages a[rel=next]').attr('href')).to.equal('/cities/lyon/blackwork/page/2/');
    const data = JSON.parse($('script[type="application/ld+json"]').text());
    expect(data['@type']).to.equal('CollectionPage');
    expect(data.mainEntity['@type']).to.equal('ItemList');
    expect(data.mainEntity.itemListElement).to.deep.equal([
      {
        '@type': 'ListItem',
        position: 1,
        url: 'https://tattoo.example/artists/ana-ink/',
        name: 'ana ink',
      },
      {
        '@type': 'ListItem',
        position: 2,
        url: 'https://tattoo.example/artists/bo-lines/',
        name: 'bo lines',
      },
    ]);
  });

  it('keeps hostile names, cities and URLs text', () => {
    const evil = '</script><script>alert(1)</script><b>x</b>';
    const $ = cheerio.load(
      directoryPageHtml(
        {
          artists: [artist('ana-ink', { name: evil, studio: evil, url: 'javascript:alert(2)' })],
          filter: { city: { key: 'lyon', name: evil } },
          cities: [{ key: 'lyon', name: evil, artists: 1 }],
          pageNumber: 1,
        },
        SITE,
      ),
    );
    expect($('script').length).to.equal(1);
    expect($('b').length).to.equal(0);
    expect($('h1').text()).to.equal(`Tattoo artists in ${evil}`);
    expect($('a.card').attr('href')).to.equal('/artists/ana-ink/');
    expect(JSON.parse($('script').text()).mainEntity.itemListElement[0].name).to.equal(evil);
  });

  it('names the site on the home page, and says so when a filter finds nobody', () => {
    const $ = cheerio.load(
      directoryPageHtml({ artists: [], filter: {}, cities: CITIES, pageNumber: 1 }, SITE),
    );
    expect($('h1').text()).to.equal('Tattoo portfolios');
    expect($('#artists .status').text()).to.equal('No artist here yet. See all artists');
    expect($('link[rel=canonical]').attr('href')).to.equal('https://tattoo.example/');
  });
});
