// Site chrome, told from where a page shows an image: a header, navigation or footer landmark,
// a section named about, team, contact or a banner (the nearest named section or gallery
// decides), a page about the studio rather than its work, or alt text describing a person or a
// place rather than a piece.
import type * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/**
 * Landmarks of site chrome. A header or footer counts only outside an article, aside or
 * section (there it heads or ends that part); inside `main` it still does, as sites wrap their
 * whole page in one.
 */
const CHROME_LANDMARKS =
  'header, nav, footer, [role="banner"], [role="navigation"], [role="contentinfo"]';
const SECTIONING = 'article, aside, section, [role="article"]';
/** Words in an id or class naming a section that is not the portfolio. */
const CHROME_SECTION =
  /^(?:about|aboutus|team|staff|crew|contact|contacts|testimonial|testimonials|review|reviews|banner|masthead|partner|partners|sponsor|sponsors|merch|newsletter|social|avatar|client|clients|map)$/;
/** Words in an id or class naming the gallery. */
const GALLERY_SECTION =
  /^(?:gallery|galleries|portfolio|portfolios|works|work|tattoos|tattoo|flash|flashes|lightbox)$/;
/** Pages about the studio rather than its work, by their own name (`/about/`, `/contact.html`). */
export const CHROME_PAGE =
  /(?:^|\/)(?:about|about-?us|team|our-team|staff|contact|contacts|contact-?us|imprint|impressum|privacy|legal)(?:\.[a-z]+)?\/?$/i;

/**
 * Why an element is site chrome: inside a header, navigation or footer landmark, or inside a
 * section whose id or class names about, team, contact, a banner... (the nearest of those or a
 * gallery section decides). Verdicts are kept per element: a grid's images share ancestors.
 */
export function chromeOf(
  doc: cheerio.CheerioAPI,
  el: cheerio.Cheerio<AnyNode>,
): string | undefined {
  const memo = chromeMemo.get(doc) ?? new Map<AnyNode, string | undefined>();
  chromeMemo.set(doc, memo);
  const walk = (node: AnyNode | null): string | undefined => {
    if (!node || !(node as Element).attribs) return undefined;
    if (memo.has(node)) return memo.get(node);
    const element = node as Element;
    const $node = doc(element);
    let verdict: string | undefined;
    const words = `${element.attribs.id ?? ''} ${element.attribs.class ?? ''}`
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter(Boolean);
    const landmark =
      $node.is(CHROME_LANDMARKS) &&
      (element.tagName === 'nav' || element.attribs.role || $node.parents(SECTIONING).length === 0);
    if (landmark) {
      const where =
        element.tagName === 'nav' || element.attribs.role === 'navigation'
          ? 'navigation'
          : element.tagName === 'footer' || element.attribs.role === 'contentinfo'
            ? 'footer'
            : 'header';
      verdict = `site chrome (in the page's ${where})`;
    } else if (words.some((word) => GALLERY_SECTION.test(word))) {
      // The nearest section that says what it is decides; "gallery" wins on the same element.
      verdict = undefined;
    } else {
      const chrome = words.find((word) => CHROME_SECTION.test(word));
      verdict = chrome
        ? `in the page's "${chrome}" section, not its gallery`
        : walk(element.parent as AnyNode | null);
    }
    memo.set(node, verdict);
    return verdict;
  };
  return walk(el.get(0) ?? null);
}

const chromeMemo = new WeakMap<cheerio.CheerioAPI, Map<AnyNode, string | undefined>>();

/**
 * Alt text describing the artist, the studio or its people rather than a piece (English, and
 * the usual French, Spanish, German and Italian words): a headshot, a selfie, "it's me", the
 * artist at work or at the drawing table, placeholder team alt text ("Artist 1"), the studio,
 * its interior or storefront. "Tattoo artist" counts when nothing says "by" (a caption of work
 * names its artist: "rose by Ana, tattoo artist in Berlin").
 */
const PERSON_OR_PLACE =
  /\b(?:headshot|selfie|self[- ]portrait|it'?s me|about[- ](?:me|us|photo)|artist \d+|artists? (?:at work|working|makes|making)|tattooing (?:at|in)|our (?:studio|team|artists?|shop)|the team|staff|studio (?:interior|photo)|storefront|shop ?front|atelier|salon de tatouage|estudio de tatuaje)\b/i;
/** At the drawing table (`\b` cannot start at "à", which is no ASCII word character). */
const AT_THE_TABLE = /(?:^|\s)(?:at|à) (?:the|la|el) (?:drawing )?(?:table|mesa)\b/i;
const ARTIST_NOT_WORK = /^(?!.*\b(?:by|par|por|von|di)\b).*\btattoo artist\b/i;

export function personOrPlace(alt: string | undefined): string | undefined {
  return alt && (PERSON_OR_PLACE.test(alt) || AT_THE_TABLE.test(alt) || ARTIST_NOT_WORK.test(alt))
    ? `its alt text describes a person or a place ("${alt.trim().slice(0, 80)}")`
    : undefined;
}

/** Whether two URLs are on one host, `www.` aside. */
export function sameHost(a: string, b: string): boolean {
  const bare = (url: string) => new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  return bare(a) === bare(b);
}
