// The local stand-in for the distribution's /img/* behaviour: the URL normalizer (the very
// CloudFront Function source), an in-memory cache with a bound, the origin group (optimized
// bucket first, the resize handler on 403/404), request collapsing and conditional requests.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { LRUCache } from 'lru-cache';
import {
  ERROR_CACHING_MIN_TTL,
  FAILOVER_STATUS_CODES,
  IMAGE_CACHE_TTL,
  IMAGE_RESPONSE_HEADERS,
} from '../core/edge/cdn-policy.ts';
import { normalizerSource } from '../core/edge/edge-functions.ts';
import {
  type CloudFrontResponse,
  loadViewerRequestFunction,
  viewerRequestFrom,
} from './cloudfront-function.ts';

export interface ImageEdgeOptions {
  s3: S3Client;
  optimizedBucket: string;
  /** The resize Lambda behind its Function URL. */
  resize: (event: LambdaFunctionURLEvent) => Promise<APIGatewayProxyStructuredResultV2>;
  /** Bound of the in-memory cache, in bytes (default 128 MB). */
  maxCacheBytes?: number;
  now?: () => number;
}

interface Entry {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  storedAt: number;
  ttlSeconds: number;
}

/** Headers of an origin response that CloudFront passes on to the viewer. */
const PASSED_HEADERS = [
  'content-type',
  'cache-control',
  'etag',
  'last-modified',
  'location',
  'retry-after',
];

export class ImageEdge {
  /** What happened, for tests and benchmarks. */
  readonly stats = { hits: 0, misses: 0, bucket: 0, resize: 0 };
  private readonly normalizer = loadViewerRequestFunction(normalizerSource());
  private readonly cache: LRUCache<string, Entry>;
  private readonly inFlight = new Map<string, Promise<Entry>>();
  private readonly now: () => number;

  constructor(private readonly options: ImageEdgeOptions) {
    this.now = options.now ?? Date.now;
    this.cache = new LRUCache<string, Entry>({
      maxSize: options.maxCacheBytes ?? 128 * 1024 * 1024,
      sizeCalculation: (entry) => entry.body.length + 512,
    });
  }

  /** Answers one viewer request for /img/*. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      this.send(
        res,
        method,
        {
          status: 403,
          headers: { 'content-type': 'text/plain' },
          body: Buffer.from('Method not allowed\n'),
          storedAt: 0,
          ttlSeconds: 0,
        },
        'Error',
      );
      return;
    }
    const normalized = this.normalizer.run(viewerRequestFrom(req));
    if (normalized.kind === 'response') {
      this.send(
        res,
        method,
        fromFunctionResponse(normalized.response),
        'FunctionGeneratedResponse',
      );
      return;
    }
    const uri = normalized.request.uri;
    const cached = this.cache.get(uri);
    if (cached && this.now() - cached.storedAt < cached.ttlSeconds * 1000) {
      this.stats.hits++;
      this.send(res, method, cached, 'Hit', req.headers['if-none-match']);
      return;
    }
    this.stats.misses++;
    let pending = this.inFlight.get(uri);
    if (!pending) {
      // Simultaneous misses on one cache key make one origin request (request collapsing).
      pending = this.fromOrigins(uri).finally(() => this.inFlight.delete(uri));
      this.inFlight.set(uri, pending);
    }
    const entry = await pending;
    if (entry.ttlSeconds > 0) this.cache.set(uri, entry);
    this.send(
      res,
      method,
      entry,
      entry.status < 400 ? 'Miss' : 'Error',
      req.headers['if-none-match'],
    );
  };

  /** The origin group: the optimized bucket, then on 403/404 the resize Lambda. */
  private async fromOrigins(uri: string): Promise<Entry> {
    this.stats.bucket++;
    try {
      const object = await this.options.s3.send(
        new GetObjectCommand({ Bucket: this.options.optimizedBucket, Key: uri.slice(1) }),
      );
      const body = Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
      return this.entry(
        200,
        {
          'content-type': object.ContentType ?? 'application/octet-stream',
          'cache-control': object.CacheControl ?? '',
          etag: object.ETag ?? '',
          'last-modified': object.LastModified?.toUTCString() ?? '',
        },
        body,
      );
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
        ?.httpStatusCode;
      if (!(FAILOVER_STATUS_CODES as readonly (number | undefined)[]).includes(status)) {
        return this.entry(
          502,
          { 'content-type': 'text/plain', 'cache-control': 'no-store' },
          Buffer.from('Bad gateway\n'),
        );
      }
    }
    this.stats.resize++;
    const result = await this.options.resize(functionUrlEvent(uri));
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.headers ?? {}))
      headers[name.toLowerCase()] = String(value);
    const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
    return this.entry(result.statusCode ?? 200, headers, body);
  }

  private entry(status: number, headers: Record<string, string>, body: Buffer): Entry {
    const passed: Record<string, string> = {};
    for (const name of PASSED_HEADERS) if (headers[name]) passed[name] = headers[name];
    return {
      status,
      headers: passed,
      body,
      storedAt: this.now(),
      ttlSeconds: cacheTtl(status, passed['cache-control']),
    };
  }

  private send(
    res: ServerResponse,
    method: string,
    entry: Entry,
    cacheResult: string,
    ifNoneMatch?: string,
  ) {
    const headers: Record<string, string> = {
      ...entry.headers,
      ...IMAGE_RESPONSE_HEADERS,
      'x-cache': `${cacheResult} from cloudfront`,
      via: '1.1 local.cloudfront.net (CloudFront)',
      'x-amz-cf-pop': 'LOCAL',
      'x-amz-cf-id': randomBytes(16).toString('base64url'),
    };
    if (cacheResult === 'Hit')
      headers.age = String(Math.floor((this.now() - entry.storedAt) / 1000));
    const etag = entry.headers.etag;
    if (entry.status === 200 && etag && ifNoneMatch && matchesEtag(ifNoneMatch, etag)) {
      res.writeHead(304, headers).end();
      return;
    }
    headers['content-length'] = String(entry.body.length);
    res.writeHead(entry.status, headers);
    res.end(method === 'HEAD' ? undefined : entry.body);
  }
}

/** The TTL CloudFront gives a response under the image cache policy, in seconds. */
function cacheTtl(status: number, cacheControl: string | undefined): number {
  const directives = (cacheControl ?? '').toLowerCase();
  if (/no-store|no-cache|private/.test(directives)) return 0;
  const maxAge = /s-maxage=(\d+)/.exec(directives)?.[1] ?? /max-age=(\d+)/.exec(directives)?.[1];
  if (status >= 400) return maxAge === undefined ? ERROR_CACHING_MIN_TTL : Number(maxAge);
  if (status !== 200) return 0;
  const ttl = maxAge === undefined ? IMAGE_CACHE_TTL.default : Number(maxAge);
  return Math.min(IMAGE_CACHE_TTL.max, Math.max(IMAGE_CACHE_TTL.min, ttl));
}

function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  const weakless = (tag: string) => tag.trim().replace(/^W\//, '');
  return (
    ifNoneMatch.trim() === '*' ||
    ifNoneMatch.split(',').some((tag) => weakless(tag) === weakless(etag))
  );
}

function fromFunctionResponse(response: CloudFrontResponse): Entry {
  const headers: Record<string, string> = {};
  for (const [name, { value }] of Object.entries(response.headers ?? {})) headers[name] = value;
  const body =
    typeof response.body === 'string'
      ? Buffer.from(response.body)
      : Buffer.from(
          response.body?.data ?? '',
          response.body?.encoding === 'base64' ? 'base64' : 'utf8',
        );
  return { status: response.statusCode, headers, body, storedAt: 0, ttlSeconds: 0 };
}

/** The event a Lambda Function URL hands the resize function for a CloudFront origin request. */
function functionUrlEvent(uri: string): LambdaFunctionURLEvent {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: uri,
    rawQueryString: '',
    headers: {
      host: 'resize.lambda-url.local.on.aws',
      via: '1.1 local.cloudfront.net (CloudFront)',
    },
    isBase64Encoded: false,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: 'resize.lambda-url.local.on.aws',
      domainPrefix: 'resize',
      http: {
        method: 'GET',
        path: uri,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'Amazon CloudFront',
      },
      requestId: randomBytes(8).toString('hex'),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
  };
}

export interface ImageEdgeServer {
  url: string;
  edge: ImageEdge;
  close(): Promise<void>;
}

/** Serves an ImageEdge on 127.0.0.1 (port 0: a free one). */
export async function startImageEdgeServer(
  options: ImageEdgeOptions & { port?: number },
): Promise<ImageEdgeServer> {
  const edge = new ImageEdge(options);
  const server: Server = createServer((req, res) => {
    edge.handle(req, res).catch((error: unknown) => {
      res
        .writeHead(500, { 'content-type': 'text/plain' })
        .end(`Edge error: ${(error as Error).message}\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    edge,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
