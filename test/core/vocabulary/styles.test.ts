import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  ARTIST_STYLE_MIN_IMAGES,
  ARTIST_STYLE_SHARE,
  artistStyles,
  STYLE_LABELS,
  STYLE_TERMS,
  STYLES,
  type Style,
  stylesOf,
} from '../../../core/vocabulary/styles.ts';
import { realSitesDir } from '../../support/real-sites.ts';

/** Every `alt` of every page of one real studio site. */
function altTexts(site: string): string[] {
  const alts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.html?$/.test(name)) {
        for (const match of readFileSync(path, 'utf8').matchAll(/<img[^>]*\balt="([^"]+)"/gi)) {
          alts.push(match[1] ?? '');
        }
      }
    }
  };
  walk(join(realSitesDir(), site));
  return alts;
}

describe('Styles from captions (core/vocabulary/styles.ts)', () => {
  it('reads hashtags with a generic word at either end, in several languages', () => {
    expect(stylesOf('Healed piece #BlackworkTattoo #tattooflash')).to.deep.equal([
      'blackwork',
      'flash',
    ]);
    expect(stylesOf('#tatuajeJaponés #acuarelatattoo #tatouagegeometrique')).to.deep.equal([
      'japanese',
      'geometric',
      'watercolour',
    ]);
    expect(stylesOf('#fine_line_tattoo #dotworkart')).to.deep.equal(['fine-line', 'dotwork']);
  });

  it('reads words and phrases, case, accents and hyphens aside, as whole words only', () => {
    expect(stylesOf('Fine-line peony, healed')).to.deep.equal(['fine-line']);
    expect(stylesOf('Realismo en blanco y negro')).to.deep.equal(['realism']);
    expect(stylesOf('Tatouage japonais, aquarelle')).to.deep.equal(['japanese', 'watercolour']);
    // Inside another word it is not the style.
    expect(stylesOf('A flashlight and some scripture, neotraditionalists')).to.deep.equal([]);
  });

  it('takes the more specific style first: neo traditional is not also traditional', () => {
    expect(stylesOf('Neo traditional rose')).to.deep.equal(['neo-traditional']);
    expect(stylesOf('#neotraditionaltattoo and a traditional swallow')).to.deep.equal([
      'traditional',
      'neo-traditional',
    ]);
  });

  it('finds nothing in an empty caption or one about something else', () => {
    expect(stylesOf(undefined)).to.deep.equal([]);
    expect(stylesOf('')).to.deep.equal([]);
    expect(stylesOf('Walk-ins welcome Saturday #EarthDay #studiolife')).to.deep.equal([]);
  });

  it('reads the styles real studio sites write in their alt texts', () => {
    // Vegas Vic's alt texts name black and grey and colour realism.
    const vic = altTexts('vegasvic').flatMap((alt) => stylesOf(alt));
    expect(vic).to.include('realism');
    // Every style found on every real site is one of the vocabulary's, and some are found.
    const all = readdirSync(realSitesDir())
      .filter((name) => statSync(join(realSitesDir(), name)).isDirectory())
      .flatMap((site) => altTexts(site).flatMap((alt) => stylesOf(alt)));
    expect(all.length).to.be.above(5);
    for (const style of all) expect(STYLES).to.include(style);
  });

  it('gives an artist the styles a meaningful share of their images carry, most carried first', () => {
    const images = (styles: Style[], times: number) => Array.from({ length: times }, () => styles);
    const shown = [
      ...images(['blackwork'], 5),
      ...images(['blackwork', 'dotwork'], 3),
      ...images(['flash'], 1),
      ...images([], 11),
    ];
    // 8 of 20 blackwork, 3 of 20 dotwork (under the share), 1 flash (under both).
    const share = (style: Style) => shown.filter((s) => s.includes(style)).length / shown.length;
    expect(share('blackwork')).to.be.at.least(ARTIST_STYLE_SHARE);
    expect(share('dotwork')).to.be.below(ARTIST_STYLE_SHARE);
    expect(artistStyles(shown)).to.deep.equal(['blackwork']);
    // A single captioned image is no style, whatever its share.
    expect(artistStyles([['japanese']])).to.deep.equal([]);
    expect(artistStyles(images(['japanese'], ARTIST_STYLE_MIN_IMAGES))).to.deep.equal(['japanese']);
    expect(
      artistStyles([...images(['realism'], 3), ...images(['lettering', 'realism'], 4)]),
    ).to.deep.equal(['realism', 'lettering']);
  });

  it('is documented in docs/styles.md exactly as the code reads it', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/styles.md'), 'utf8');
    for (const style of STYLES) {
      const section = doc.split(`## ${STYLE_LABELS[style]} (\`${style}\`)\n`)[1]?.split('\n## ')[0];
      if (!section) throw new Error(`docs/styles.md has no section for ${style}`);
      const listed = (label: string, quote: RegExp) =>
        [
          ...(section.split('\n').find((line) => line.startsWith(`- ${label}: `)) ?? '').matchAll(
            quote,
          ),
        ].map((match) => match[1]);
      expect(listed('hashtags', /`#([^`]+)`/g), style).to.deep.equal(STYLE_TERMS[style].tags);
      expect(listed('words', /"([^"]+)"/g), style).to.deep.equal(STYLE_TERMS[style].words);
    }
  });
});
