// CloudFront Function (cloudfront-js-2.0, viewer request) for the static site: maps pretty
// URLs onto the files of the Astro build in the site bucket. `/artists/<slug>/` is one page for
// every artist (it asks the API for the profile), so a new artist needs no new deployment.
// The ALLOWED block below is filled in from the shared constants when the source is built.

var ALLOWED = /*ALLOWED*/ { slug: '^[a-z0-9-]{2,64}$' } /*END ALLOWED*/;

var SLUG = new RegExp(ALLOWED.slug);
var ARTIST = /^\/artists\/([^/]+)\/?$/;

// biome-ignore lint/correctness/noUnusedVariables: the CloudFront runtime calls it by name
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var artist = ARTIST.exec(uri);
  if (artist) {
    if (!SLUG.test(artist[1])) {
      return { statusCode: 404, statusDescription: 'Not Found' };
    }
    request.uri = '/artists/index.html';
    return request;
  }
  if (uri.charAt(uri.length - 1) === '/') {
    request.uri = `${uri}index.html`;
  } else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) {
    request.uri = `${uri}/index.html`;
  }
  return request;
}
