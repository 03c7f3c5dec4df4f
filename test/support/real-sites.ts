// Real tattoo artists' and studios' websites (the fixtures' sites/, from the cache `npm run fixtures` fills), served on 127.0.0.1 as
// their README says: each origin on its own port under a name of its own, absolute URLs in text
// rewritten to those names and ports, and a name lookup that knows only these names. The names
// are the real ones under `.test` (loopback-names.ts: a real name over HTTP may be upgraded to
// HTTPS by the browser); keys and reports give the real names.

import type { LookupAddress } from 'node:dns';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';
import mime from 'mime';
import type { Resolver } from '../../scraper/web/ssrf-guard.ts';
import { cachedFixtures } from './fixtures.ts';
import { assertServableNames, loopbackName } from './loopback-names.ts';

/** Every JPEG of the real sites, at any depth, sorted by path (for benchmarks that want photos). */
export async function realSiteJpegs(): Promise<string[]> {
  const dir = realSitesDir();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.jpe?g$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The real-site corpus, from the fixture cache (`npm run fixtures`). */
export function realSitesDir(): string {
  return cachedFixtures('sites', 'README.md');
}

/** The names of the sites in the corpus. */
export function realSiteNames(): string[] {
  const dir = realSitesDir();
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'expected.json')))
    .sort();
}

interface SiteJson {
  start: string;
  artist?: string;
  origins: Record<string, { url: string }>;
  siteOrigins: string[];
}

interface ExpectedJson {
  portfolio: string[];
  thumbnailsOf: Record<string, string[]>;
  neutral: string[];
  notPortfolio: string[];
}

export type Label = 'portfolio' | 'thumbnail' | 'neutral' | 'notPortfolio';

export interface RealSite {
  name: string;
  /** Where a visitor (and the scraper) starts. */
  startUrl: string;
  /** Every origin's served name (`<real host>.test`), for the SSRF guard's allowlist. */
  hosts: string[];
  /** A name lookup that answers 127.0.0.1 for this site's hosts and NXDOMAIN for any other. */
  resolve: Resolver;
  /** The label of an image URL, by its origin and decoded path; undefined for a file not listed. */
  label(url: string): Label | undefined;
  /** The key (see `label`) of every portfolio image, and of the full size a thumbnail stands for. */
  portfolio: string[];
  fullSizeOf(url: string): string | undefined;
  /** `real host|path` of a URL: how files are matched whatever the percent-encoding. */
  key(url: string): string | undefined;
  /** Paths requested per origin folder, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A text file whose absolute URLs are rewritten; other files are served as they are. */
const TEXT = /\.(?:html?|js|mjs|css|json|xml|svg|txt|webmanifest)$/i;

/**
 * Serves the site `name` on loopback ports: `site/` under the site's own host name (its first
 * `siteOrigins` entry, else `<name>.test`), each `origin-N/` under its origin's host name, each
 * name under `.test`.
 */
export async function startRealSite(name: string): Promise<RealSite> {
  const dir = join(realSitesDir(), name);
  const site = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8')) as SiteJson;
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as ExpectedJson;
  const siteHost = site.siteOrigins[0] ? new URL(site.siteOrigins[0]).hostname : `${name}.test`;
  const folders: { folder: string; host: string; realHost: string; aliases: string[] }[] = [
    {
      folder: 'site',
      host: loopbackName(siteHost),
      realHost: siteHost,
      aliases: site.siteOrigins.map((origin) => new URL(origin).hostname),
    },
    ...Object.entries(site.origins).map(([folder, { url }]) => ({
      folder,
      host: loopbackName(new URL(url).hostname),
      realHost: new URL(url).hostname,
      aliases: [new URL(url).hostname],
    })),
  ];
  // Every name the browser will load must be one it never upgrades to HTTPS.
  assertServableNames(folders.map((f) => f.host));
  const realHosts = new Map(folders.map((f) => [f.host, f.realHost]));
  const requests: string[] = [];
  const servers: Server[] = [];
  const ports = new Map<string, number>();
  // Listen first: the rewriting needs every port.
  for (const { folder } of folders) {
    const server = createServer((req, res) => {
      serve(folder, req.url ?? '/').then(
        ({ status, body, type }) => {
          res
            .writeHead(status, { 'content-type': type, 'access-control-allow-origin': '*' })
            .end(body);
        },
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    servers.push(server);
    ports.set(folder, (server.address() as AddressInfo).port);
  }
  const originOf = (folder: string) =>
    `http://${folders.find((f) => f.folder === folder)?.host}:${ports.get(folder)}`;
  const rewrites = folders.flatMap(({ folder, aliases }) =>
    aliases.map((alias) => ({ alias, to: originOf(folder) })),
  );
  const pattern =
    rewrites.length > 0
      ? new RegExp(
          `(?:https?:)?//(${rewrites.map((r) => r.alias.replace(/[.]/g, '\\.')).join('|')})(?![\\w.-])`,
          'g',
        )
      : undefined;

  async function serve(folder: string, rawUrl: string) {
    requests.push(`${folder}${rawUrl}`);
    const notFound = { status: 404, body: 'not found', type: 'text/plain' };
    let path: string;
    try {
      path = decodeURIComponent(rawUrl.split('?')[0] ?? '/');
    } catch {
      return notFound;
    }
    const root = join(dir, folder);
    let file = resolve(root, `.${path}`);
    if (file !== root && !file.startsWith(root + sep)) return notFound;
    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) file = join(file, 'index.html');
    else if (!info) return notFound;
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes) return notFound;
    const extensionless = !/\.[^/]+$/.test(file);
    let type = mime.getType(file) ?? 'application/octet-stream';
    if (extensionless)
      type = /^\s*[[{]/.test(bytes.toString('utf8', 0, 64)) ? 'application/json' : 'text/plain';
    if (!pattern || !(TEXT.test(file) || extensionless)) return { status: 200, body: bytes, type };
    const text = bytes.toString('utf8');
    pattern.lastIndex = 0;
    if (!pattern.test(text)) return { status: 200, body: bytes, type };
    const rewritten = text.replace(
      pattern,
      (_match, host: string) => rewrites.find((r) => r.alias === host)?.to ?? host,
    );
    return {
      status: 200,
      body: rewritten,
      type: /^text\/|json|xml|javascript/.test(type) ? `${type}; charset=utf-8` : type,
    };
  }

  const key = (url: string): string | undefined => {
    try {
      const parsed = new URL(url);
      const host = realHosts.get(parsed.hostname) ?? parsed.hostname;
      return `${host}|${decodeURIComponent(parsed.pathname)}`;
    } catch {
      return undefined;
    }
  };
  /** The key of a path of expected.json (`origin-N/...` names a file of that origin). */
  const keyOfPath = (path: string): string => {
    const [first, ...rest] = path.split('/');
    const folder = first && /^origin-\d+$/.test(first) ? first : 'site';
    const inFolder = folder === 'site' ? path : rest.join('/');
    return `${folders.find((f) => f.folder === folder)?.realHost}|/${inFolder}`;
  };
  const labels = new Map<string, Label>();
  const fullSize = new Map<string, string>();
  for (const path of expected.portfolio) labels.set(keyOfPath(path), 'portfolio');
  for (const path of expected.neutral) labels.set(keyOfPath(path), 'neutral');
  for (const path of expected.notPortfolio) labels.set(keyOfPath(path), 'notPortfolio');
  for (const [full, thumbs] of Object.entries(expected.thumbnailsOf)) {
    for (const thumb of thumbs) {
      labels.set(keyOfPath(thumb), 'thumbnail');
      fullSize.set(keyOfPath(thumb), keyOfPath(full));
    }
  }
  const hosts = [...new Set(folders.map((f) => f.host))];
  const resolveName: Resolver = (hostname, _options, callback) => {
    if (hosts.includes(hostname.toLowerCase()))
      return callback(null, [{ address: '127.0.0.1', family: 4 } satisfies LookupAddress]);
    const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    error.code = 'ENOTFOUND';
    callback(error, []);
  };
  return {
    name,
    startUrl: new URL(site.start, originOf('site')).toString(),
    hosts,
    resolve: resolveName,
    label: (url) => {
      const k = key(url);
      return k === undefined ? undefined : labels.get(k);
    },
    portfolio: expected.portfolio.map(keyOfPath),
    fullSizeOf: (url) => {
      const k = key(url);
      return k === undefined ? undefined : fullSize.get(k);
    },
    key,
    requests,
    close: async () => {
      for (const server of servers) server.closeAllConnections();
      await Promise.all(
        servers.map((server) => new Promise<void>((done) => server.close(() => done()))),
      );
    },
  };
}

/** How a scrape of a real site scores against its answer key. */
export interface SiteScore {
  portfolio: number;
  /** Portfolio images found at all (full size or one of its thumbnails). */
  found: number;
  /** Portfolio images found at full size. */
  fullSize: number;
  /** Images kept that are portfolio (full size or thumbnail) / kept that are labelled so or unlisted. */
  kept: number;
  keptPortfolio: number;
  /** Kept images that are not portfolio (and unlisted ones), by key. */
  wrong: string[];
  /** Portfolio images not found, by key. */
  missed: string[];
}

/** Scores the image URLs a scrape kept. */
export function scoreSite(site: RealSite, urls: string[]): SiteScore {
  const keys = new Set(urls.map((url) => site.key(url)).filter((k): k is string => Boolean(k)));
  const full = new Set<string>();
  const any = new Set<string>();
  const wrong: string[] = [];
  let kept = 0;
  let keptPortfolio = 0;
  for (const url of urls) {
    const label = site.label(url);
    const k = site.key(url) ?? url;
    if (label === 'neutral') continue;
    kept++;
    if (label === 'portfolio') {
      keptPortfolio++;
      full.add(k);
      any.add(k);
    } else if (label === 'thumbnail') {
      const of = site.fullSizeOf(url);
      // A thumbnail stored beside its full size is a second copy of one piece.
      if (of && keys.has(of)) wrong.push(k);
      else keptPortfolio++;
      if (of) any.add(of);
    } else wrong.push(k);
  }
  return {
    portfolio: site.portfolio.length,
    found: site.portfolio.filter((k) => any.has(k)).length,
    fullSize: site.portfolio.filter((k) => full.has(k)).length,
    kept,
    keptPortfolio,
    wrong,
    missed: site.portfolio.filter((k) => !any.has(k)),
  };
}
