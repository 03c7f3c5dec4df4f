import { expect } from 'chai';
import { loadViewerRequestFunction } from '../../local/cloudfront-function.ts';

describe('CloudFront Function sandbox', () => {
  const request = { method: 'GET', uri: '/', querystring: {}, headers: {}, cookies: {} };

  it('stops a function that never ends', () => {
    const endless = loadViewerRequestFunction('function handler(event) { for (;;) {} }');
    expect(() => endless.run(request)).to.throw(/timed out/);
  });

  it('gives the function no modules and no Node globals', () => {
    const probe = loadViewerRequestFunction(
      'function handler(event) { event.request.uri = [typeof require, typeof process, typeof fetch].join(","); return event.request; }',
    );
    const result = probe.run(request);
    expect(result.kind === 'request' && result.request.uri).to.equal(
      'undefined,undefined,undefined',
    );
  });
});
