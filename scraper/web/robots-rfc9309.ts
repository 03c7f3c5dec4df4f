// What robots-parser reads differently from RFC 9309, set right before it reads a file or a URL:
// groups that other records must not split, and one percent-encoding for rules and URLs alike.

/** A robots.txt file made ready for robots-parser, and the Sitemap records taken out of it. */
export interface PreparedRobotsTxt {
  /** Only user-agent, allow, disallow and crawl-delay records, grouped as RFC 9309 says. */
  rules: string;
  /** The values of the Sitemap records, in file order, as written (maybe relative). */
  sitemaps: string[];
}

/**
 * Rewrites a robots.txt file so that robots-parser groups it as RFC 9309 does.
 *
 * robots-parser ends a run of user-agent lines at any other record, so a `Sitemap:`, an unknown
 * record or a `Crawl-delay:` between two user-agent lines splits one group in two; RFC 9309
 * §2.2.4 says other records "MUST NOT interfere" and §2.1 ends a group only at a user-agent line
 * after its rules. Here every record that is not a user-agent or a rule line is left out (the
 * Sitemap values are returned apart), and a Crawl-delay met among the user-agent lines is moved
 * after the last of them, so it still applies to the whole group. A last group without rules
 * gets an empty `disallow:`: it allows everything (§2.1, §5.1's quxbot) instead of falling back
 * to the `*` group. User-agent values are cut to their product token (§2.2.1) and rule paths are
 * percent-encoded the way {@link canonicalTarget} encodes URLs (§2.2.2, §2.2.3).
 */
export function prepareRobotsTxt(text: string): PreparedRobotsTxt {
  const rules: string[] = [];
  const sitemaps: string[] = [];
  // Crawl-delay records met while the user-agent lines of a group are still being read.
  let heldDelays: string[] = [];
  let readingAgents = false;
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const record = parseRecord(line);
    if (!record) continue;
    const { key, value } = record;
    if (key === 'user-agent') {
      rules.push(`user-agent: ${productToken(value)}`);
      readingAgents = true;
    } else if (key === 'allow' || key === 'disallow') {
      if (readingAgents) rules.push(...heldDelays);
      heldDelays = [];
      readingAgents = false;
      rules.push(`${key}: ${canonicalPath(value, 'pattern')}`);
    } else if (key === 'crawl-delay') {
      if (readingAgents) heldDelays.push(`crawl-delay: ${value}`);
      else rules.push(`crawl-delay: ${value}`);
    } else if (key === 'sitemap') {
      if (value) sitemaps.push(value);
    }
  }
  if (readingAgents) rules.push(...heldDelays, 'disallow:');
  return { rules: rules.join('\n'), sitemaps };
}

/**
 * The path and query of `url` in the form robots-parser should compare with the prepared rules:
 * percent-encoded unreserved octets decoded, other escapes in upper case, `*` and `$` encoded (a
 * rule names them literally only as `%2A` and `%24`, §2.2.3), and `:`, `/`, `?` and `@` encoded
 * inside the query, as RFC 9309 §2.2.2's table does with `?baz=https://foo.bar`.
 */
export function canonicalTarget(url: URL): string {
  return canonicalPath(url.pathname + url.search, 'target');
}

/** One line's record (RFC 9309 §2.2: `key: value`, a `#` starting a comment), if it has one. */
function parseRecord(line: string): { key: string; value: string } | undefined {
  const hash = line.indexOf('#');
  const content = hash < 0 ? line : line.slice(0, hash);
  const colon = content.indexOf(':');
  if (colon < 0) return undefined;
  const key = content.slice(0, colon).trim().toLowerCase();
  return key ? { key, value: content.slice(colon + 1).trim() } : undefined;
}

/**
 * The product token a user-agent line names: its leading letters, `_` and `-` (§2.2.1), so
 * `ExampleBot/1.0` and `ExampleBot (+https://...)` both name ExampleBot; `*` for the catch-all;
 * empty when the value names no token (the line still belongs to its group, for no crawler).
 */
function productToken(value: string): string {
  if (value === '*' || /^\*\s/.test(value)) return '*';
  return /^[A-Za-z_-]+/.exec(value)?.[0] ?? '';
}

/** RFC 3986 unreserved characters: percent-encoding them changes nothing. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Reserved characters that mean nothing inside a query value, where §2.2.2 encodes them. */
const QUERY_DATA = new Set([':', '/', '?', '@']);

/** Reserved characters kept as they are outside those cases: they delimit, so `%XX` differs. */
const DELIMITERS = new Set([':', '/', '@', '!', '&', '(', ')', '+', ',', ';', '=']);

/**
 * One encoding for rule patterns and URL targets, stable under robots-parser's own `encodeURI`
 * of patterns and under WHATWG URL parsing of targets (both leave every character it keeps).
 */
function canonicalPath(text: string, kind: 'pattern' | 'target'): string {
  let out = '';
  let inQuery = false;
  let i = 0;
  while (i < text.length) {
    const char = String.fromCodePoint(text.codePointAt(i) ?? 0);
    i += char.length;
    if (char === '%') {
      const hex = text.slice(i, i + 2);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out += '%25';
        continue;
      }
      i += 2;
      const decoded = String.fromCharCode(Number.parseInt(hex, 16));
      out += UNRESERVED.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
    } else if (UNRESERVED.test(char)) {
      out += char;
    } else if (char === '*' && kind === 'pattern') {
      out += char;
    } else if (char === '$' && kind === 'pattern' && i === text.length) {
      out += char;
    } else if (char === '?' && !inQuery) {
      out += char;
      inQuery = true;
    } else if (DELIMITERS.has(char) && !(inQuery && QUERY_DATA.has(char))) {
      out += char;
    } else {
      out += percentEncode(char);
    }
  }
  return out;
}

const utf8 = new TextEncoder();

/** `%XX` for each UTF-8 octet of `char` (a lone surrogate becomes U+FFFD). */
function percentEncode(char: string): string {
  let out = '';
  for (const byte of utf8.encode(char))
    out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}
