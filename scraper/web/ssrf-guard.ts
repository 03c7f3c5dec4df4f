// The SSRF guard: every connection the scraper opens goes to a public unicast address, checked
// when the socket connects (after DNS, on every redirect), unless its host is allowlisted.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';

/** A request refused because it would reach a non-public address. Never retried. */
export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  readonly code = 'blocked-address';
}

/**
 * Why `address` may not be fetched (loopback, private, link-local...), or undefined for a
 * public unicast address. IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
 */
export function forbiddenRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range !== 'unicast') return range;
  // ::a.b.c.d (IPv4-compatible, deprecated) is not public however its IPv4 part reads.
  const parts = parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).parts : [];
  if (parts.length === 8 && parts.slice(0, 6).every((part) => part === 0)) return 'ipv4Compatible';
  return undefined;
}

/** How names are resolved: `dns.lookup` with `all: true` (tests give one that knows only their hosts). */
export type Resolver = (
  hostname: string,
  options: { all: true; family: number },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export class SsrfGuard {
  private readonly allowed: Set<string>;

  /**
   * @param allowHosts hosts allowed even when not public, matched against the URL's host as
   *   written (tests list 127.0.0.1, which does not let `localhost` through).
   * @param resolve the name lookup, the system's by default.
   */
  constructor(
    allowHosts: Iterable<string> = [],
    private readonly resolve: Resolver = dnsLookup as Resolver,
  ) {
    this.allowed = new Set([...allowHosts].map((host) => host.toLowerCase()));
  }

  /**
   * @throws {BlockedAddressError} naming the host, the address and its range, when `address`
   *   (what `host` resolved to) is not public and neither is allowlisted.
   */
  check(host: string, address: string): void {
    const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
    if (this.allowed.has(bare)) return;
    const range = forbiddenRange(address);
    if (range) {
      const where = bare === address ? address : `${bare} (${address})`;
      throw new BlockedAddressError(
        `Refused to connect to ${where}: a ${range} address; list the host in SCRAPER_ALLOW_PRIVATE_HOSTS to allow it`,
      );
    }
  }

  /** A `dns.lookup` replacement that refuses non-public answers. */
  readonly lookup = (
    hostname: string,
    options: { all?: boolean; family?: number } | number,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    const family = typeof options === 'number' ? options : (options.family ?? 0);
    this.resolve(hostname, { all: true, family }, (error, addresses) => {
      if (error) return callback(error, []);
      try {
        // Every answer must be public, so a mixed answer cannot be raced to the private one.
        for (const { address } of addresses) this.check(hostname, address);
      } catch (blocked) {
        return callback(blocked as Error, []);
      }
      if (typeof options === 'object' && options.all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };

  /**
   * An undici dispatcher whose every connection passes the guard: names through `lookup`,
   * IP literals directly (Node does not look those up).
   */
  dispatcher(options: Agent.Options = {}): Agent {
    const connect = buildConnector({ lookup: this.lookup } as buildConnector.BuildOptions);
    return new Agent({
      ...options,
      connect: (connectOptions, callback) => {
        const host = connectOptions.hostname.replace(/^\[|\]$/g, '');
        if (isIP(host)) {
          try {
            this.check(host, host);
          } catch (error) {
            return callback(error as Error, null);
          }
        }
        return connect(connectOptions, callback);
      },
    });
  }
}
