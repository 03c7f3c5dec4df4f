// HTML made from data, escaped by construction: every value put into a template is text unless
// it is markup made here; URLs are linked only when http(s); JSON-LD is written so that no value
// (a caption holding `</script>`) can end or break its block. Everything scraped is hostile.

/** Markup made here, a template's result: put as it is into another template. */
export class Html {
  readonly #markup: string;

  constructor(markup: string) {
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

/** What a template takes: text (escaped), markup made here, lists of them; nothing for absent. */
export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `text` as HTML text or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** A template whose values are escaped (attribute values must be quoted in it). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

function isRootPath(url: string): boolean {
  if (/^\/[/\\]/.test(url)) return false;
  for (const c of url) {
    const code = c.charCodeAt(0);
    if (c === '\\' || c.trim() === '' || code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

/**
 * `url` when it is an absolute http(s) URL (or a root-relative path), else undefined: a
 * `javascript:` or `data:` URL from a scraped or registered field never becomes a link.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  // A root path, and only that: no `//host`, and no backslash, space or control character,
  // which a browser may read as `//` (`/\evil.example`).
  if (url.startsWith('/')) return isRootPath(url) ? url : undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A JSON-LD block. `<`, `>` and `&` are written as JSON escapes (the same string to a JSON
 * parser), so `</script>` or `<!--` in a value cannot end the block; U+2028 and U+2029 too.
 */
export function jsonLd(data: unknown): Html {
  const json = JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return new Html(`<script type="application/ld+json">${json}</script>`);
}
