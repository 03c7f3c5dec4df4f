// Runs a CloudFront Function's source the way the viewer-request runtime does: in its own
// sandbox (node:vm) with no modules, a time limit, and CloudFront's event shape.
import type { IncomingMessage } from 'node:http';
import { createContext, Script } from 'node:vm';

export interface CloudFrontValue {
  value: string;
}

export interface CloudFrontRequest {
  method: string;
  uri: string;
  querystring: Record<string, CloudFrontValue & { multiValue?: CloudFrontValue[] }>;
  headers: Record<string, CloudFrontValue>;
  cookies: Record<string, CloudFrontValue>;
}

export interface CloudFrontResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: Record<string, CloudFrontValue>;
  body?: string | { encoding: 'text' | 'base64'; data: string };
}

export type ViewerRequestResult =
  | { kind: 'request'; request: CloudFrontRequest }
  | { kind: 'response'; response: CloudFrontResponse };

/** A viewer-request function compiled once; `run` gives each call a fresh event. */
export interface ViewerRequestFunction {
  run(request: CloudFrontRequest): ViewerRequestResult;
}

/**
 * CloudFront stops a function that runs too long; so does this sandbox. CloudFront counts the
 * function's own compute time, the sandbox's watchdog counts wall time: on a machine busy
 * encoding images, a millisecond of work can take tens of milliseconds to get through, so the
 * limit here only catches a function that never ends.
 */
const TIME_LIMIT_MS = 1000;

/**
 * Compiles `source` (which defines `function handler(event)`) in a sandbox with nothing but the
 * language's own globals.
 * @throws {Error} when the source does not define a handler.
 */
export function loadViewerRequestFunction(source: string): ViewerRequestFunction {
  const context = createContext({});
  new Script(source, { filename: 'cloudfront-function.js' }).runInContext(context, {
    timeout: TIME_LIMIT_MS,
  });
  if (typeof context.handler !== 'function')
    throw new Error('The function source defines no handler(event)');
  const call = new Script('handler(JSON.parse(__event))');
  return {
    run(request) {
      const event = {
        version: '1.0',
        context: { eventType: 'viewer-request', distributionId: 'LOCAL', requestId: 'local' },
        viewer: { ip: '127.0.0.1' },
        request,
      };
      // The event crosses into the sandbox as JSON, as it does into CloudFront's runtime.
      context.__event = JSON.stringify(event);
      const result = JSON.parse(
        JSON.stringify(call.runInContext(context, { timeout: TIME_LIMIT_MS })),
      );
      if (result && typeof result.statusCode === 'number')
        return { kind: 'response', response: result };
      return { kind: 'request', request: result as CloudFrontRequest };
    },
  };
}

/** The viewer-request `request` object CloudFront builds from an incoming HTTP request. */
export function viewerRequestFrom(req: IncomingMessage): CloudFrontRequest {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const uri = queryStart === -1 ? url : url.slice(0, queryStart);
  const querystring: CloudFrontRequest['querystring'] = {};
  if (queryStart !== -1) {
    for (const [name, value] of new URLSearchParams(url.slice(queryStart + 1))) {
      const existing = querystring[name];
      if (existing)
        existing.multiValue = [...(existing.multiValue ?? [{ value: existing.value }]), { value }];
      else querystring[name] = { value };
    }
  }
  const headers: CloudFrontRequest['headers'] = {};
  const cookies: CloudFrontRequest['cookies'] = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'cookie' || value === undefined) continue;
    headers[name] = { value: Array.isArray(value) ? value.join(',') : value };
  }
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = pair.trim().split('=');
    if (name) cookies[name] = { value: rest.join('=') };
  }
  return { method: req.method ?? 'GET', uri, querystring, headers, cookies };
}
