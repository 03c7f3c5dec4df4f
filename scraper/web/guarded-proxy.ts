// A forward proxy on loopback through which Chromium makes every connection: the browser then
// resolves no names itself, and each connection (page, subresource, WebSocket, service worker,
// popup) passes the SSRF guard at connect time, as the scraper's own requests do.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, isIP, type Socket } from 'node:net';
import { promisify } from 'node:util';
import type { SsrfGuard } from './ssrf-guard.ts';

export interface GuardedProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Chromium flags that send everything, loopback included, through this proxy. */
  chromeArgs: string[];
  close(): Promise<void>;
}

/** A tunnel or a proxied request with no byte either way for this long is closed. */
export const PROXY_IDLE_MS = 60_000;

/** The host and port of a CONNECT target (`host:port`, `[v6]:port`), or undefined if malformed. */
export function connectTarget(target: string): { host: string; port: number } | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):(\d{1,5})$/.exec(target);
  if (!match?.[1] || !match[2]) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: match[1], port };
}

/** Starts the proxy on a free loopback port. */
export async function startGuardedProxy(
  guard: SsrfGuard,
  options: { idleMs?: number } = {},
): Promise<GuardedProxy> {
  const idleMs = options.idleMs ?? PROXY_IDLE_MS;
  const lookup = promisify(guard.lookup) as unknown as (
    host: string,
    options: object,
  ) => Promise<string>;
  /** The address to connect to for `host`, after the guard. */
  const resolveHost = async (host: string): Promise<string> => {
    const bare = host.replace(/^\[|\]$/g, '');
    if (isIP(bare)) {
      guard.check(bare, bare);
      return bare;
    }
    return lookup(bare, {});
  };
  const sockets = new Set<Socket>();
  /** Tracks a socket until it closes, and closes it when idle. */
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.setTimeout(idleMs, () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  };

  const server: Server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('A proxy request needs an absolute URL\n');
      return;
    }
    if (target.protocol !== 'http:') {
      res.writeHead(400).end('Only http:// is proxied in the clear\n');
      return;
    }
    resolveHost(target.hostname).then(
      (address) => {
        const upstream = httpRequest(
          {
            host: address,
            port: target.port || 80,
            path: `${target.pathname}${target.search}`,
            method: req.method,
            headers: { ...req.headers, host: target.host },
          },
          (answer: IncomingMessage) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => res.destroy());
        upstream.setTimeout(idleMs, () => upstream.destroy());
        req.pipe(upstream);
      },
      (error: Error) =>
        res.writeHead(403, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
    );
  });

  // HTTPS and WebSockets arrive as CONNECT host:port.
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    track(client);
    client.on('error', () => client.destroy());
    const target = connectTarget(req.url ?? '');
    if (!target) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    resolveHost(target.host).then(
      (address) => {
        if (client.destroyed) return;
        let upstream: Socket;
        try {
          upstream = connect(target.port, address, () => {
            client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
            upstream.write(head);
            upstream.pipe(client);
            client.pipe(upstream);
          });
        } catch {
          client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
          return;
        }
        track(upstream);
        upstream.on('error', () => client.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      },
      () => client.end('HTTP/1.1 403 Forbidden\r\n\r\n'),
    );
  });
  server.on('connection', track);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    chromeArgs: [
      `--proxy-server=${url}`,
      // Loopback goes through the proxy too, so the guard decides about 127.0.0.2 and friends.
      '--proxy-bypass-list=<-loopback>',
      // WebRTC must not open UDP around the proxy.
      '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    ],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
