// The page for an address that shows nothing: says so in words and leads back to the directory,
// with no script needed and nothing indexed.

import type { SiteInfo } from './artist-page.ts';
import { html } from './html.ts';

/** The whole document of a "not here" page: `heading` and `message` are plain text. */
export function notFoundPageHtml(site: SiteInfo, heading: string, message: string): string {
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${heading} — ${site.name}</title><meta name="robots" content="noindex">${site.assets ?? ''}</head><body data-page="not-found"><header class="site-header"><p class="site-name"><a href="/">${site.name}</a></p></header><main><h1>${heading}</h1><p class="status">${message} <a href="/">See all artists</a></p></main></body></html>`}\n`;
}
