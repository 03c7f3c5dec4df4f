// Full sizes named in a page's data: the JSON it fetched, the scripts it ran, its inline
// scripts. A gallery script often keeps each piece as an item ({ thumb, full }, { msrc, src },
// { small, large }) and puts only the thumbnail in the DOM: the item names the full size.
import { absoluteUrl, isImageUrl } from './urls.ts';

/** Keys naming a small rendition. */
export const THUMB_KEY = /thumb|small|preview|msrc|mini|tiny|low|placeholder|^sm$|^xs$/i;
/** Keys naming the full size. */
const FULL_KEY =
  /full|large|big|original|orig|hi-?res|high|zoom|^src$|^href$|^url$|^image$|download_url|^lg$|^xl$/i;

/** A text the page loaded or ran, and the URL relative paths in it resolve against. */
export interface PageData {
  text: string;
  baseUrl: string;
}

/**
 * Thumbnail URL → full-size URL, from every item of `data` that names both (absolute URLs;
 * relative ones resolved against the page, as a script writing them into the DOM would).
 */
export function renditionsInData(data: PageData[], pageUrl: string): Map<string, string> {
  const map = new Map<string, string>();
  const add = (item: Record<string, string>) => {
    const entries = Object.entries(item).filter(([, value]) => isImageUrl(value));
    const thumbs = entries.filter(([key]) => THUMB_KEY.test(key));
    const fulls = entries.filter(([key]) => !THUMB_KEY.test(key) && FULL_KEY.test(key));
    if (thumbs.length === 0 || fulls.length !== 1) return;
    const full = absoluteUrl((fulls[0] as [string, string])[1], pageUrl);
    for (const [, value] of thumbs) {
      const thumb = absoluteUrl(value, pageUrl);
      if (thumb && full && thumb !== full && !map.has(thumb)) map.set(thumb, full);
    }
  };
  // The data read per page is bounded too: 20 MB of text in all.
  let budget = 20 * 1024 * 1024;
  for (const { text } of data) {
    budget -= text.length;
    if (budget < 0) break;
    const json = parseJson(text);
    if (json !== undefined) walk(json, add);
    else for (const item of objectLiterals(text)) add(item);
  }
  return map;
}

function parseJson(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function walk(value: unknown, add: (item: Record<string, string>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, add);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const strings: Record<string, string> = {};
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string') strings[key] = child;
    else walk(child, add);
  }
  add(strings);
}

/** The flat object literals of a script (`{ src: '...', thumb: "..." }`), as key → string. */
function objectLiterals(script: string): Record<string, string>[] {
  const items: Record<string, string>[] = [];
  // Bounded: a literal of at most 2,000 characters, at most 5,000 of them, and a key starts
  // only where no identifier goes on (so no match is tried from inside one).
  for (const match of script.matchAll(/\{[^{}]{1,2000}\}/g)) {
    const item: Record<string, string> = {};
    for (const pair of match[0].matchAll(
      /(?<![\w$-])["']?([A-Za-z_$][\w$-]{0,63})["']?\s{0,8}:\s{0,8}(["'`])((?:(?!\2)[^\\\n]|\\.){1,2048})\2/g,
    ))
      item[pair[1] as string] = (pair[3] as string).replace(/\\\//g, '/');
    if (Object.keys(item).length > 1) items.push(item);
    if (items.length >= 5000) break;
  }
  return items;
}
