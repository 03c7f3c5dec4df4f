// The headers every page sends: its type, a Content-Security-Policy that allows only what the
// pages use (our own scripts, styles and images; inline style attributes for each image's box
// and colour; data: images for the placeholders), and how long caches keep it.

/** What a page may load: nothing from elsewhere, no inline script, no framing, no forms. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A page's response headers; `cacheControl` says how long it may be kept. */
export function pageHeaders(cacheControl: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': cacheControl,
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}
