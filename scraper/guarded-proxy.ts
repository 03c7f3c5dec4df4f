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

/** Starts the proxy on a free loopback port. */
export async function startGuardedProxy(guard: SsrfGuard): Promise<GuardedProxy> {
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
        req.pipe(upstream);
      },
      (error: Error) =>
        res.writeHead(403, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
    );
  });

  // HTTPS and WebSockets arrive as CONNECT host:port.
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const [host = '', port = '443'] = (req.url ?? '').split(/:(?=\d+$)/);
    resolveHost(host).then(
      (address) => {
        const upstream = connect(Number(port), address, () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.on('error', () => client.destroy());
      },
      () => client.end('HTTP/1.1 403 Forbidden\r\n\r\n'),
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

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
