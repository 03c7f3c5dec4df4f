// The names fixture servers are served under on loopback. A real host name served over plain
// HTTP is a trap: Chromium upgrades every name on its built-in HSTS preload list (github.com and
// its subdomains, whole TLDs such as .dev and .app) to HTTPS before a request leaves the page,
// and only while its build is recent, so a test that passes today fails on next month's
// Chromium. Names under the reserved `.test` and `.localhost` TLDs (RFC 6761) are never
// upgraded, so every name a browser may load is one of those, or an IP literal.

import { isIP } from 'node:net';

/** Suffixes no browser upgrades to HTTPS: reserved for testing and for loopback (RFC 6761). */
const SAFE_SUFFIXES = ['.test', '.localhost'] as const;

/**
 * The name a fixture's real host is served under: the real name under `.test`
 * (`api.github.com` → `api.github.com.test`), so reports still show which host it stands for,
 * and the relations between names (`www.` or not, one site's subdomains) are kept.
 */
export function loopbackName(realHost: string): string {
  const host = realHost.toLowerCase().replace(/\.$/, '');
  return isServableName(host) ? host : `${host}.test`;
}

/** Whether a browser loads `host` over plain HTTP as it is: a `.test` or `.localhost` name, or an IP. */
export function isServableName(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (isIP(name)) return true;
  return SAFE_SUFFIXES.some((suffix) => name.endsWith(suffix) && name.length > suffix.length);
}

/**
 * Throws unless every name in `hosts` is one a browser loads over plain HTTP as it is.
 * @throws {Error} naming the first name a browser could upgrade to HTTPS.
 */
export function assertServableNames(hosts: Iterable<string>): void {
  for (const host of hosts) {
    if (!isServableName(host))
      throw new Error(
        `Refusing to serve ${host} over HTTP on loopback: a browser may upgrade it to HTTPS ` +
          '(HSTS preload); serve it under a .test or .localhost name (loopbackName)',
      );
  }
}
