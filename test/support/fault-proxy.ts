// A proxy in front of a stand-in that answers a share of requests with the errors AWS gives
// when it is busy or failing (S3's 500 InternalError and 503 SlowDown, DynamoDB's throttling
// and 500), before or after the stand-in saw the request.
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The request reaches the stand-in (and takes effect) before the error is answered. */
  afterForwarding: boolean;
}

export const S3_FAULTS: Fault[] = [
  s3Fault(503, 'SlowDown', 'Please reduce your request rate.', false),
  s3Fault(500, 'InternalError', 'We encountered an internal error. Please try again.', true),
  s3Fault(503, 'ServiceUnavailable', 'Service is unable to handle request.', false),
];

export const DYNAMODB_FAULTS: Fault[] = [
  dynamoFault(
    400,
    'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    'The level of configured provisioned throughput for the table was exceeded.',
    false,
  ),
  dynamoFault(500, 'com.amazon.coral.service#InternalFailure', 'Internal failure', true),
  dynamoFault(
    400,
    'com.amazonaws.dynamodb.v20120810#ThrottlingException',
    'Rate of requests exceeds the allowed throughput.',
    false,
  ),
];

function s3Fault(status: number, code: string, message: string, after: boolean): Fault {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    afterForwarding: after,
  };
}

function dynamoFault(status: number, type: string, message: string, after: boolean): Fault {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: JSON.stringify({ __type: type, message }),
    afterForwarding: after,
  };
}

export interface FaultProxy {
  endpoint: string;
  /** Requests answered with a fault so far. */
  faults: () => number;
  requests: () => number;
  close(): Promise<void>;
}

/**
 * Forwards to `target`; every `every`-th request gets the next of `faults` instead of the
 * stand-in's answer (so a retry of it goes through: throttling is a share, not an outage).
 */
export async function startFaultProxy(
  target: string,
  faults: Fault[],
  every: number,
): Promise<FaultProxy> {
  const upstream = new URL(target);
  let count = 0;
  let injected = 0;
  const server: Server = createServer((req, res) => {
    count++;
    const fault = count % every === 0 ? faults[injected++ % faults.length] : undefined;
    const answer = () => {
      if (!fault) return false;
      res.writeHead(fault.status, fault.headers).end(fault.body);
      return true;
    };
    if (fault && !fault.afterForwarding) {
      req.resume();
      answer();
      return;
    }
    forward(req, upstream, (status, headers, body) => {
      if (answer()) return;
      res.writeHead(status, headers).end(body);
    }).catch((error: unknown) => res.writeHead(502).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    faults: () => injected,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function forward(
  req: IncomingMessage,
  upstream: URL,
  done: (status: number, headers: Record<string, string | string[]>, body: Buffer) => void,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  await new Promise<void>((resolve, reject) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (response) => {
        const body: Buffer[] = [];
        response.on('data', (chunk: Buffer) => body.push(chunk));
        response.on('end', () => {
          const headers = { ...response.headers } as Record<string, string | string[]>;
          delete headers['transfer-encoding'];
          headers['content-length'] = String(Buffer.concat(body).length);
          done(response.statusCode ?? 502, headers, Buffer.concat(body));
          resolve();
        });
        response.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(Buffer.concat(chunks));
  });
}
