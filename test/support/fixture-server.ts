// A tiny HTTP server on 127.0.0.1 (a free port) whose routes the test defines.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface FixtureServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Every path requested, in order. */
  requests: string[];
  /** TCP connections accepted (WebSocket upgrades and requests alike). */
  connections: () => number;
  routes: Map<string, Route>;
  close(): Promise<void>;
}

export async function startFixtureServer(
  routes: Record<string, Route> = {},
  host = '127.0.0.1',
  port = 0,
): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const route = table.get(path) ?? table.get(path.split('?')[0] ?? path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve(route(req, res)).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  let connections = 0;
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${address.port}`,
    port: address.port,
    requests,
    connections: () => connections,
    routes: table,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A route answering `body` with `status` and `headers`. */
export function reply(
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Route {
  return (_req, res) => {
    res.writeHead(status, headers).end(body);
  };
}
