import { expect } from 'chai';
import { MAX_FUNCTION_SIZE, siteRouterSource } from '../../../core/edge/edge-functions.ts';
import { SLUG_PATTERN } from '../../../core/vocabulary/identifiers.ts';
import { loadViewerRequestFunction } from '../../../local/cloudfront-function.ts';

const router = loadViewerRequestFunction(siteRouterSource());

/** The object key the router asks the site bucket for, or the status it answers itself. */
function route(uri: string): string {
  const result = router.run({ method: 'GET', uri, querystring: {}, headers: {}, cookies: {} });
  return result.kind === 'request' ? result.request.uri : String(result.response.statusCode);
}

describe('Site router (CloudFront Function)', () => {
  it('is built with the shared slug pattern, within the runtime limits', () => {
    const source = siteRouterSource();
    expect(source).to.include(JSON.stringify(SLUG_PATTERN.source));
    expect(Buffer.byteLength(source)).to.be.at.most(MAX_FUNCTION_SIZE);
  });

  it('serves every artist from the one artist page, so a new artist needs no deployment', () => {
    expect(route('/artists/mara-ink/')).to.equal('/artists/index.html');
    expect(route('/artists/mara-ink')).to.equal('/artists/index.html');
    expect(route('/artists/x9/')).to.equal('/artists/index.html');
  });

  it('answers 404 for an artist path that is not a slug', () => {
    expect(route('/artists/Mara_Ink/')).to.equal('404');
    expect(route('/artists/-bad/')).to.equal('404');
  });

  it('maps directories to their index.html and leaves files alone', () => {
    expect(route('/')).to.equal('/index.html');
    expect(route('/about/')).to.equal('/about/index.html');
    expect(route('/about')).to.equal('/about/index.html');
    expect(route('/_astro/gallery.Ab12.js')).to.equal('/_astro/gallery.Ab12.js');
    expect(route('/favicon.svg')).to.equal('/favicon.svg');
  });
});
