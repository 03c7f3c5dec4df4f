// One origin for the whole system on this machine, shaped like the CloudFront distribution:
// /api/* through the artist API's HTTP API adapter, /img/* through the local image edge
// (normalizer, bucket, resize on a miss), and everything else from the Astro build, mapped by
// the very site router CloudFront runs.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliCompress, createGzip } from 'node:zlib';
import mime from 'mime';
import { DynamoCatalog } from '../core/api/catalog.ts';
import { siteCacheControl } from '../core/edge/cdn-policy.ts';
import { siteRouterSource } from '../core/edge/edge-functions.ts';
import { createLogger } from '../core/platform/logger.ts';
import { handleApiEvent } from '../functions/artist-api/adapter.ts';
import { handleResizeRequest } from '../functions/resize-image/adapter.ts';
import { apiEventFor } from './api-event.ts';
import { loadViewerRequestFunction, viewerRequestFrom } from './cloudfront-function.ts';
import { ImageEdge } from './image-edge.ts';
import { localResizeDependencies } from './resize-service.ts';
import type { StandIns } from './stand-ins.ts';

export interface LocalServerOptions {
  standIns: StandIns;
  /** The Astro build (site/dist). */
  siteDir: string;
  /** 0 for a free port. */
  port: number;
  /** Hears about requests that failed on our side. */
  log?: (line: string) => void;
}

export interface LocalServer {
  url: string;
  edge: ImageEdge;
  close(): Promise<void>;
}

/** Text worth compressing, as CloudFront compresses it. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript)|image\/svg\+xml)/;

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { standIns } = options;
  const siteDir = resolve(options.siteDir);
  const catalog = new DynamoCatalog(standIns.clients.dynamo, standIns.config.tableName);
  const apiLogger = createLogger('artist-api');
  const resizeDeps = localResizeDependencies(standIns);
  const edge = new ImageEdge({
    s3: standIns.clients.s3,
    optimizedBucket: standIns.config.optimizedBucket,
    resize: (event) => handleResizeRequest(resizeDeps, event),
  });
  const router = loadViewerRequestFunction(siteRouterSource());

  const api = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const event = apiEventFor(url, req.method ?? 'GET', headers);
    const response = await handleApiEvent(catalog, event, apiLogger);
    const status = response.statusCode ?? 200;
    const body = status === 304 || req.method === 'HEAD' ? '' : (response.body ?? '');
    send(req, res, status, stringHeaders(response.headers), body);
  };

  const site = async (req: IncomingMessage, res: ServerResponse) => {
    const routed = router.run(viewerRequestFrom(req));
    if (routed.kind === 'response') {
      send(req, res, routed.response.statusCode, { 'content-type': 'text/plain' }, 'Not found\n');
      return;
    }
    let key: string;
    try {
      key = decodeURIComponent(routed.request.uri).replace(/^\/+/, '');
    } catch {
      send(req, res, 400, { 'content-type': 'text/plain; charset=utf-8' }, 'Malformed URL\n');
      return;
    }
    const path = resolve(siteDir, key);
    const file = path.startsWith(siteDir + sep)
      ? await stat(path).catch(() => undefined)
      : undefined;
    if (!file?.isFile()) {
      send(req, res, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'Not found\n');
      return;
    }
    const contentType = mime.getType(path) ?? 'application/octet-stream';
    const etag = `"${file.size.toString(36)}-${file.mtimeMs.toString(36)}"`;
    const headers = {
      'content-type': contentType.startsWith('text/')
        ? `${contentType}; charset=utf-8`
        : contentType,
      'cache-control': siteCacheControl(key),
      etag,
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    await sendFile(req, res, path, headers);
  };

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = path.startsWith('/api/') ? api : path.startsWith('/img/') ? edge.handle : site;
    handler(req, res).catch((error: unknown) => {
      options.log?.(`Error serving ${req.method} ${req.url}: ${(error as Error).stack ?? error}`);
      // Half a response cannot be mended (it may be compressed): end the connection instead.
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'text/plain' }).end('Server error\n');
    });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolvePromise);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    edge,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}

function stringHeaders(headers: Record<string, unknown> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}

/** The encoding to answer with, as CloudFront picks it for compressible content. */
function encodingFor(req: IncomingMessage, contentType: string): 'br' | 'gzip' | undefined {
  if (!COMPRESSIBLE.test(contentType)) return undefined;
  const accepted = String(req.headers['accept-encoding'] ?? '');
  return /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  const encoding = body ? encodingFor(req, headers['content-type'] ?? '') : undefined;
  if (!encoding) {
    res.writeHead(status, headers).end(body);
    return;
  }
  res.writeHead(status, { ...headers, 'content-encoding': encoding, vary: 'accept-encoding' });
  const compressor = encoding === 'br' ? createBrotliCompress() : createGzip();
  compressor.pipe(res);
  compressor.end(body);
}

async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  headers: Record<string, string>,
): Promise<void> {
  const encoding = encodingFor(req, headers['content-type'] ?? '');
  res.writeHead(200, {
    ...headers,
    ...(encoding && { 'content-encoding': encoding, vary: 'accept-encoding' }),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  if (encoding) {
    await pipeline(stream, encoding === 'br' ? createBrotliCompress() : createGzip(), res);
  } else {
    await pipeline(stream, res);
  }
}
