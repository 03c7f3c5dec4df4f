// CloudFront cannot run here: a loopback endpoint that answers CreateInvalidation as its API
// does (REST XML) and keeps each request, for the code that asks the edge to drop paths.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InvalidationRequest {
  /** `/2020-05-31/distribution/<id>/invalidation` */
  path: string;
  /** The request's XML. */
  body: string;
}

export interface CloudFrontEndpoint {
  endpoint: string;
  invalidations: InvalidationRequest[];
  close(): Promise<void>;
}

/** Answers every invalidation with the id `invalidationId`. */
export async function startCloudFrontEndpoint(
  invalidationId = 'I2J0EXAMPLE',
): Promise<CloudFrontEndpoint> {
  const invalidations: InvalidationRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      invalidations.push({ path: req.url ?? '', body });
      res
        .writeHead(201, { 'content-type': 'text/xml' })
        .end(
          `<?xml version="1.0" encoding="UTF-8"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>${invalidationId}</Id><Status>InProgress</Status><CreateTime>2026-12-01T00:00:00Z</CreateTime></Invalidation>`,
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invalidations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
