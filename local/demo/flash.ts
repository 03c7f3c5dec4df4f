// Flash sheets for the demo portfolio, drawn by the project itself at first run: bold outlines,
// flat traditional colours on paper. (The test corpus may not be shipped or shown.)
import sharp from 'sharp';

const INK = '#1b1b1b';
const PALETTES = [
  { paper: '#f4ead5', red: '#c8322b', green: '#2f7a4b', yellow: '#e9b730', blue: '#2e5e8c' },
  { paper: '#efe4cf', red: '#b5272d', green: '#3d6b3a', yellow: '#f0c24b', blue: '#23507a' },
  { paper: '#f6efe2', red: '#d24a2f', green: '#26705f', yellow: '#e2a52b', blue: '#35679b' },
];

type Colours = (typeof PALETTES)[number];
/** An outline: ink, 16 units wide, unless told otherwise. */
const line = (width = 16, colour = INK) =>
  `stroke="${colour}" stroke-width="${width}" stroke-linejoin="round" stroke-linecap="round"`;

/** Each motif draws in a 1000 x 1000 box centred on the sheet. */
const MOTIFS: ((c: Colours) => string)[] = [
  // Heart with a banner.
  (
    c,
  ) => `<path d="M500 860 C180 640 120 420 260 300 C380 200 480 280 500 360 C520 280 620 200 740 300 C880 420 820 640 500 860 Z" fill="${c.red}" ${line()}/>
    <path d="M140 520 L860 520 L820 600 L860 680 L140 680 L180 600 Z" fill="${c.paper}" ${line()}/>
    <text x="500" y="628" font-family="DejaVu Serif, serif" font-size="84" font-weight="bold" text-anchor="middle" fill="${INK}">TRUE LOVE</text>`,
  // Rose with leaves.
  (
    c,
  ) => `<ellipse cx="330" cy="700" rx="170" ry="70" transform="rotate(-30 330 700)" fill="${c.green}" ${line()}/>
    <ellipse cx="680" cy="720" rx="170" ry="70" transform="rotate(25 680 720)" fill="${c.green}" ${line()}/>
    <circle cx="500" cy="480" r="260" fill="${c.red}" ${line()}/>
    <path d="M500 300 C640 300 680 460 560 520 C460 570 380 480 440 420 C490 370 560 420 520 460" fill="none" ${line()}/>
    <path d="M300 520 C330 640 440 700 560 690 M700 470 C700 580 640 650 560 690" fill="none" ${line()}/>`,
  // Anchor with rope.
  (c) => `<circle cx="500" cy="170" r="70" fill="none" ${line(34)}/>
    <path d="M500 240 L500 820 M330 360 L670 360 M200 620 C240 800 400 860 500 860 C600 860 760 800 800 620" fill="none" ${line(44)}/>
    <path d="M200 620 L150 700 L260 680 Z M800 620 L850 700 L740 680 Z" fill="${INK}" ${line()}/>
    <path d="M430 300 C300 380 280 520 420 560 C560 600 640 720 560 800" fill="none" stroke="${c.yellow}" stroke-width="26"/>`,
  // Swallow.
  (
    c,
  ) => `<path d="M150 420 C300 360 420 400 500 480 C580 380 760 330 880 380 C760 420 680 500 640 560 C700 640 720 760 680 860 C620 760 560 700 500 680 C420 720 320 720 220 660 C320 640 380 600 420 560 C330 520 240 480 150 420 Z" fill="${c.blue}" ${line()}/>
    <path d="M430 560 C470 640 560 660 620 600 C580 560 500 540 430 560 Z" fill="${c.red}" ${line()}/>
    <circle cx="470" cy="500" r="18" fill="${INK}"/>`,
  // Dagger through a drop.
  (c) => `<path d="M500 120 L560 600 L500 700 L440 600 Z" fill="#c9ced6" ${line()}/>
    <path d="M300 600 L700 600 L680 660 L320 660 Z" fill="${c.yellow}" ${line()}/>
    <rect x="460" y="660" width="80" height="190" rx="20" fill="${c.red}" ${line()}/>
    <circle cx="500" cy="890" r="46" fill="${c.yellow}" ${line()}/>
    <path d="M640 300 C680 380 700 420 700 450 C700 490 670 510 640 510 C610 510 580 490 580 450 C580 420 600 380 640 300 Z" fill="${c.red}" ${line()}/>`,
  // Nautical star.
  (c) => {
    const points = Array.from({ length: 10 }, (_, k) => {
      const r = k % 2 === 0 ? 400 : 160;
      const a = (Math.PI / 5) * k - Math.PI / 2;
      return [500 + r * Math.cos(a), 500 + r * Math.sin(a)];
    });
    const halves = Array.from({ length: 5 }, (_, k) => {
      const tip = points[2 * k] ?? [500, 500];
      const left = points[(2 * k + 9) % 10] ?? [500, 500];
      const right = points[2 * k + 1] ?? [500, 500];
      return `<path d="M500 500 L${tip[0]} ${tip[1]} L${left[0]} ${left[1]} Z" fill="${c.red}" ${line()}/>
        <path d="M500 500 L${tip[0]} ${tip[1]} L${right[0]} ${right[1]} Z" fill="${INK}" ${line()}/>`;
    });
    return halves.join('');
  },
  // Sun with rays and a face.
  (
    c,
  ) => `${Array.from({ length: 12 }, (_, k) => `<path d="M500 500 L${500 + 440 * Math.cos((k * Math.PI) / 6 - 0.12)} ${500 + 440 * Math.sin((k * Math.PI) / 6 - 0.12)} L${500 + 440 * Math.cos((k * Math.PI) / 6 + 0.12)} ${500 + 440 * Math.sin((k * Math.PI) / 6 + 0.12)} Z" fill="${k % 2 ? c.red : c.yellow}" ${line()}/>`).join('')}
    <circle cx="500" cy="500" r="230" fill="${c.yellow}" ${line()}/>
    <path d="M400 460 C420 430 450 430 470 460 M530 460 C550 430 580 430 600 460 M400 580 C460 640 540 640 600 580" fill="none" ${line()}/>`,
  // Snake.
  (
    c,
  ) => `<path d="M180 860 C180 640 820 700 800 500 C780 320 220 420 240 250 C255 140 420 120 520 170" fill="none" stroke="${INK}" stroke-width="120" stroke-linecap="round"/>
    <path d="M180 860 C180 640 820 700 800 500 C780 320 220 420 240 250 C255 140 420 120 520 170" fill="none" stroke="${c.green}" stroke-width="88" stroke-linecap="round"/>
    <path d="M180 860 C180 640 820 700 800 500 C780 320 220 420 240 250" fill="none" stroke="${c.yellow}" stroke-width="20" stroke-dasharray="30 60"/>
    <ellipse cx="560" cy="180" rx="90" ry="60" fill="${c.green}" ${line()}/>
    <path d="M640 190 L720 200 M720 200 L750 180 M720 200 L750 225" ${line(10, c.red)}/>`,
  // Skull.
  (
    c,
  ) => `<path d="M260 470 C260 250 740 250 740 470 C740 580 690 620 660 650 L660 760 L340 760 L340 650 C310 620 260 580 260 470 Z" fill="#f7f3ea" ${line()}/>
    <circle cx="400" cy="500" r="75" fill="${INK}"/><circle cx="600" cy="500" r="75" fill="${INK}"/>
    <path d="M500 580 L460 650 L540 650 Z" fill="${INK}"/>
    <path d="M400 700 L400 760 M460 700 L460 760 M540 700 L540 760 M600 700 L600 760" ${line()}/>
    <path d="M180 300 C260 200 360 180 420 220 M820 300 C740 200 640 180 580 220" fill="none" stroke="${c.red}" stroke-width="30" stroke-linecap="round"/>`,
  // Crescent moon.
  (
    c,
  ) => `<path d="M620 160 C380 180 240 380 260 560 C280 760 480 880 700 840 C520 780 420 640 430 500 C440 340 520 220 620 160 Z" fill="${c.yellow}" ${line()}/>
    <circle cx="740" cy="330" r="26" fill="${c.red}"/><circle cx="800" cy="560" r="18" fill="${c.blue}"/><circle cx="690" cy="700" r="22" fill="${c.red}"/>`,
  // Gem.
  (c) => `<path d="M250 380 L380 220 L620 220 L750 380 L500 820 Z" fill="${c.blue}" ${line()}/>
    <path d="M250 380 L750 380 M380 220 L440 380 L500 820 L560 380 L620 220" fill="none" ${line()}/>
    <path d="M300 200 L330 140 M700 200 L670 140 M500 150 L500 90" ${line(20, c.yellow)}/>`,
  // Daisy.
  (
    c,
  ) => `${Array.from({ length: 10 }, (_, k) => `<ellipse cx="500" cy="280" rx="70" ry="170" transform="rotate(${k * 36} 500 470)" fill="#fbf8f0" ${line()}/>`).join('')}
    <circle cx="500" cy="470" r="110" fill="${c.yellow}" ${line()}/>
    <path d="M500 580 C500 700 470 820 420 900" fill="none" stroke="${c.green}" stroke-width="30"/>`,
  // Lightning bolt.
  (c) =>
    `<path d="M580 100 L300 560 L480 560 L400 900 L720 400 L530 400 L640 100 Z" fill="${c.yellow}" ${line()}/>`,
  // Cherries.
  (
    c,
  ) => `<path d="M380 640 C420 420 520 260 640 200 M640 640 C640 460 650 300 640 200" fill="none" ${line(18, c.green)}/>
    <path d="M640 200 C720 140 820 170 860 240 C760 280 690 260 640 200 Z" fill="${c.green}" ${line()}/>
    <circle cx="360" cy="720" r="150" fill="${c.red}" ${line()}/><circle cx="660" cy="720" r="150" fill="${c.red}" ${line()}/>
    <path d="M300 660 C320 630 350 620 380 630 M600 660 C620 630 650 620 680 630" fill="none" ${line(14, '#f7f3ea')}/>`,
  // Key.
  (
    c,
  ) => `<circle cx="300" cy="300" r="160" fill="${c.yellow}" ${line()}/><circle cx="300" cy="300" r="60" fill="${c.paper}" ${line()}/>
    <path d="M410 410 L820 820" ${line(70)}/><path d="M410 410 L820 820" ${line(40, c.yellow)}/>
    <path d="M700 700 L620 780 M780 780 L700 860" ${line(40)}/>`,
  // Eye.
  (
    c,
  ) => `<path d="M100 500 C300 220 700 220 900 500 C700 780 300 780 100 500 Z" fill="#fbf8f0" ${line()}/>
    <circle cx="500" cy="500" r="170" fill="${c.blue}" ${line()}/><circle cx="500" cy="500" r="70" fill="${INK}"/>
    <path d="M220 330 L170 250 M360 260 L340 170 M500 240 L500 150 M640 260 L660 170 M780 330 L830 250" ${line()}/>`,
];

/** Sheet sizes: portrait, landscape and square, so the gallery shows every shape. */
const SHEETS = [
  { width: 1200, height: 1500 },
  { width: 1500, height: 1200 },
  { width: 1300, height: 1300 },
];

/** Designs from this number on show two motifs side by side on a wide sheet. */
export const PAIR_SHEETS_FROM = 100;

/** The pixel size of demo design `n`. */
export function flashSize(n: number): { width: number; height: number } {
  if (n >= PAIR_SHEETS_FROM) return { width: 1800, height: 1000 };
  // The sheet moves on with each round of motifs, so a motif's repeats differ in shape too.
  const sheet = SHEETS[(n + Math.floor(n / MOTIFS.length)) % SHEETS.length] ?? SHEETS[0];
  if (!sheet) throw new Error('No demo sheets');
  return sheet;
}

/** The SVG of demo design `n` (any integer; designs repeat with other colours and sheets). */
export function flashSvg(n: number): string {
  const colours = PALETTES[Math.floor(n / MOTIFS.length) % PALETTES.length] ?? PALETTES[0];
  const sheet = flashSize(n);
  if (!colours) throw new Error('No demo palettes');
  const paper = `<rect width="100%" height="100%" fill="${colours.paper}"/>
  <rect x="30" y="30" width="${sheet.width - 60}" height="${sheet.height - 60}" fill="none" stroke="${colours.red}" stroke-width="6" stroke-dasharray="2 18" stroke-linecap="round"/>`;
  const draw = (index: number, x: number, y: number, size: number) =>
    `<g transform="translate(${x} ${y}) scale(${size / 1000})">${(MOTIFS[index % MOTIFS.length] ?? MOTIFS[0])?.(colours)}</g>`;
  let body: string;
  if (n >= PAIR_SHEETS_FROM) {
    // Two different motifs: every pair sheet is its own picture.
    const first = n % MOTIFS.length;
    const second =
      (first + 1 + (Math.floor(n / MOTIFS.length) % (MOTIFS.length - 1))) % MOTIFS.length;
    const size = sheet.height * 0.7;
    body =
      draw(first, sheet.width * 0.25 - size / 2, (sheet.height - size) / 2, size) +
      draw(second, sheet.width * 0.75 - size / 2, (sheet.height - size) / 2, size);
  } else {
    const size = Math.min(sheet.width, sheet.height) * 0.8;
    body = draw(n, (sheet.width - size) / 2, (sheet.height - size) / 2, size);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${sheet.width}" height="${sheet.height}">
  ${paper}
  ${body}
</svg>`;
}

/** Demo design `n` as a JPEG, as a camera or a website would give it. */
export function flashJpeg(n: number): Promise<Buffer> {
  return sharp(Buffer.from(flashSvg(n)))
    .jpeg({ quality: 88, mozjpeg: true })
    .toBuffer();
}

/** Names of the designs, for captions. */
export const MOTIF_NAMES = [
  'True love heart',
  'Rose',
  'Anchor',
  'Swallow',
  'Dagger',
  'Nautical star',
  'Sun',
  'Snake',
  'Skull',
  'Crescent moon',
  'Gem',
  'Daisy',
  'Lightning bolt',
  'Cherries',
  'Key',
  'Eye',
] as const;

export const motifName = (n: number) => MOTIF_NAMES[n % MOTIF_NAMES.length] ?? 'Flash';
