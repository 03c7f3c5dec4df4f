// Tattoo styles, from what artists already write: the hashtags and words of a caption (an
// Instagram caption, a website image's alt text or caption) mapped onto a small vocabulary. No
// image model: a style is what its artist says it is. The vocabulary, with every hashtag and
// word that means each style, is documented in docs/styles.md; a test keeps the two in step.

/** The styles the directory filters by, in the order it lists them. */
export const STYLES = [
  'traditional',
  'neo-traditional',
  'japanese',
  'blackwork',
  'fine-line',
  'realism',
  'dotwork',
  'geometric',
  'watercolour',
  'lettering',
  'flash',
] as const;
export type Style = (typeof STYLES)[number];

/** What a style is called on the site. */
export const STYLE_LABELS: Readonly<Record<Style, string>> = {
  traditional: 'Traditional',
  'neo-traditional': 'Neo-traditional',
  japanese: 'Japanese',
  blackwork: 'Blackwork',
  'fine-line': 'Fine line',
  realism: 'Realism',
  dotwork: 'Dotwork',
  geometric: 'Geometric',
  watercolour: 'Watercolour',
  lettering: 'Lettering',
  flash: 'Flash',
};

/**
 * What means each style: `tags` are hashtag stems (a hashtag means the style when, once a
 * generic word such as "tattoo", "tatuaje" or "tatouage" is taken off its start or end, it is
 * one of them), `words` are phrases of a caption (matched as whole words, case and accents
 * aside). English first, then the languages tattoo captions are most often written in
 * (Spanish, Portuguese, French, Italian, German).
 */
/** One word in each language, as a hashtag and as a word alike. */
const WATERCOLOUR = [
  'watercolour',
  'watercolor',
  'acuarela',
  'aquarela',
  'aquarelle',
  'aquarell',
  'acquerello',
];

export const STYLE_TERMS: Readonly<Record<Style, { tags: string[]; words: string[] }>> = {
  // Before "traditional": "neo traditional" holds it.
  'neo-traditional': {
    tags: ['neotraditional', 'neotrad', 'neotradicional', 'neotraditionnel', 'neotradizionale'],
    words: ['neo traditional', 'neotraditional', 'neo trad', 'neotrad', 'neo tradicional'],
  },
  traditional: {
    tags: [
      'traditional',
      'americantraditional',
      'oldschool',
      'tradicional',
      'traditionnel',
      'tradizionale',
      'traditionell',
      'boldwillhold',
    ],
    words: [
      'traditional',
      'american traditional',
      'old school',
      'tradicional',
      'traditionnel',
      'tradizionale',
      'traditionell',
    ],
  },
  japanese: {
    tags: ['japanese', 'irezumi', 'horimono', 'japones', 'japonesa', 'japonais', 'giapponese'],
    words: ['japanese', 'irezumi', 'horimono', 'japones', 'japonesa', 'japonais', 'giapponese'],
  },
  blackwork: {
    tags: ['blackwork', 'blackworkers', 'blackink', 'darkartists'],
    words: ['blackwork', 'black work'],
  },
  'fine-line': {
    tags: ['fineline', 'finelines', 'singleneedle', 'lineafina', 'lignefine'],
    words: ['fine line', 'fineline', 'single needle', 'linea fina', 'ligne fine'],
  },
  realism: {
    tags: ['realism', 'realistic', 'realismo', 'realisme', 'realismus', 'blackandgreyrealism'],
    words: ['realism', 'realistic', 'photorealism', 'realismo', 'realisme', 'realismus'],
  },
  dotwork: {
    tags: ['dotwork', 'stippling', 'pointillism', 'puntillismo', 'pontilhismo', 'puntinismo'],
    words: ['dotwork', 'dot work', 'stippling', 'stipple', 'pointillism', 'puntillismo'],
  },
  geometric: {
    tags: ['geometric', 'geometry', 'sacredgeometry', 'geometrico', 'geometrique', 'geometrisch'],
    words: ['geometric', 'geometry', 'geometrico', 'geometrica', 'geometrique', 'geometrisch'],
  },
  watercolour: { tags: WATERCOLOUR, words: WATERCOLOUR },
  lettering: {
    tags: ['lettering', 'script', 'calligraphy', 'letras', 'caligrafia', 'lettrage', 'schrift'],
    words: ['lettering', 'calligraphy', 'caligrafia', 'lettrage'],
  },
  flash: {
    tags: ['flash', 'flashday', 'flashsheet', 'availableflash', 'flashworkers', 'flashtattoo'],
    words: ['flash', 'flash sheet', 'flash day'],
  },
};

/** Generic words a style hashtag starts or ends with ("#blackworktattoo", "#tatuajejapones"). */
const GENERIC = [
  'tattoos',
  'tattoo',
  'tattooing',
  'tattooist',
  'tattooartist',
  'tattoodesign',
  'tatuajes',
  'tatuaje',
  'tatuagens',
  'tatuagem',
  'tatouages',
  'tatouage',
  'tatuaggi',
  'tatuaggio',
  'tattowierung',
  'ink',
  'art',
  'style',
];

/** Lower case, accents taken off, so "Japonés", "JAPONES" and "japones" read alike. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The hashtag with one generic word taken off each end, longest first. */
function stems(tag: string): string[] {
  const found = new Set([tag]);
  for (const word of [...GENERIC].sort((a, b) => b.length - a.length)) {
    for (const stem of [...found]) {
      if (stem.length > word.length && stem.startsWith(word)) found.add(stem.slice(word.length));
      if (stem.length > word.length && stem.endsWith(word)) found.add(stem.slice(0, -word.length));
    }
  }
  return [...found];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each style's words as one pattern over folded text: whole words, any run of spaces or hyphens. */
const WORD_PATTERNS: readonly [Style, RegExp][] = (
  Object.entries(STYLE_TERMS) as [Style, { words: string[] }][]
).map(([style, { words }]) => [
  style,
  new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${words.map((w) => escapeRegExp(w).replace(/ /g, '[\\s-]+')).join('|')})(?![\\p{L}\\p{N}])`,
    'gu',
  ),
]);

const TAG_STYLES = new Map<string, Style>(
  (Object.entries(STYLE_TERMS) as [Style, { tags: string[] }][]).flatMap(([style, { tags }]) =>
    tags.map((tag) => [tag, style] as const),
  ),
);

/**
 * The styles a caption names, in vocabulary order. Hashtags are read first and taken out; a
 * phrase of a more specific style ("neo traditional") is taken out before a broader one
 * ("traditional") can match inside it.
 */
export function stylesOf(caption: string | undefined): Style[] {
  if (!caption) return [];
  const found = new Set<Style>();
  let text = foldText(caption).replace(/#([\p{L}\p{N}_]+)/gu, (_, tag: string) => {
    for (const stem of stems(tag.replace(/_/g, ''))) {
      const style = TAG_STYLES.get(stem);
      if (style) found.add(style);
    }
    return ' ';
  });
  for (const [style, pattern] of WORD_PATTERNS) {
    text = text.replace(pattern, () => {
      found.add(style);
      return ' ';
    });
  }
  return STYLES.filter((style) => found.has(style));
}

/** A style is an artist's when at least this share of their shown images carry it… */
export const ARTIST_STYLE_SHARE = 0.2;
/** …and at least this many (one captioned image is no style). */
export const ARTIST_STYLE_MIN_IMAGES = 2;

/** An artist's styles from their shown images' styles, most carried first. */
export function artistStyles(imageStyles: readonly (readonly Style[])[]): Style[] {
  const counts = new Map<Style, number>();
  for (const styles of imageStyles) {
    for (const style of new Set(styles)) counts.set(style, (counts.get(style) ?? 0) + 1);
  }
  const enough = Math.max(ARTIST_STYLE_MIN_IMAGES, ARTIST_STYLE_SHARE * imageStyles.length);
  return [...counts]
    .filter(([, count]) => count >= enough)
    .sort(([a, countA], [b, countB]) => countB - countA || STYLES.indexOf(a) - STYLES.indexOf(b))
    .map(([style]) => style);
}
