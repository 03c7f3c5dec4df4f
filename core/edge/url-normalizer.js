// CloudFront Function (cloudfront-js-2.0, viewer request) for /img/*: turns every image URL
// into its one canonical form, so that the cache key cannot be widened and no request can
// name a variant outside the ladder x formats. No modules: the runtime has none. The ALLOWED
// block below is filled in from the shared constants when the source is built.

var ALLOWED = /*ALLOWED*/ {
  widths: [320, 640],
  formats: ['webp'],
  slug: '^[a-z0-9-]{2,64}$',
  imageId: '^[0-9a-f]{16}$',
} /*END ALLOWED*/;

var SLUG = new RegExp(ALLOWED.slug);
var IMAGE_ID = new RegExp(ALLOWED.imageId);
var SHAPE = /^\/img\/([^/]+)\/([^/]+)\/([^/.]+)\.([A-Za-z]+)$/;

function badRequest(reason) {
  return {
    statusCode: 400,
    statusDescription: 'Bad Request',
    headers: {
      'content-type': { value: 'text/plain; charset=utf-8' },
      'cache-control': { value: 'no-store' },
    },
    body: { encoding: 'text', data: `Bad image URL: ${reason}\n` },
  };
}

function nearestWidth(width) {
  var best = ALLOWED.widths[0];
  for (let i = 0; i < ALLOWED.widths.length; i++) {
    const slot = ALLOWED.widths[i];
    if (Math.abs(slot - width) <= Math.abs(best - width)) best = slot;
  }
  return best;
}

function bestFormat(headers) {
  var accept = headers.accept ? headers.accept.value.toLowerCase() : '';
  if (accept.indexOf('image/avif') !== -1 && ALLOWED.formats.indexOf('avif') !== -1) return 'avif';
  if (accept.indexOf('image/webp') !== -1 && ALLOWED.formats.indexOf('webp') !== -1) return 'webp';
  return 'jpeg';
}

// biome-ignore lint/correctness/noUnusedVariables: the CloudFront runtime calls it by name
function handler(event) {
  var request = event.request;
  // Nothing but the path reaches the cache key or the origin.
  request.querystring = {};
  request.cookies = {};
  var uri = request.uri;
  // Percent-encoding, backslashes, empty and dot segments have no place in a canonical path.
  if (/[%\\]|\/\/|\/\.\.?(\/|$)/.test(uri)) {
    return badRequest('encoded characters, backslashes and dot segments are not allowed');
  }
  var match = SHAPE.exec(uri);
  if (!match) return badRequest('expected /img/{artist}/{imageId}/{width}.{webp|avif|jpeg|auto}');
  if (!SLUG.test(match[1])) return badRequest('malformed artist');
  if (!IMAGE_ID.test(match[2])) return badRequest('malformed image id');
  if (!/^[0-9]{1,5}$/.test(match[3])) return badRequest('width must be a number of 1 to 5 digits');
  var format = match[4].toLowerCase();
  if (format === 'jpg') format = 'jpeg';
  if (format === 'auto') format = bestFormat(request.headers);
  if (ALLOWED.formats.indexOf(format) === -1) {
    return badRequest(`format must be one of ${ALLOWED.formats.join(', ')} or auto`);
  }
  var width = nearestWidth(parseInt(match[3], 10));
  request.uri = `/img/${match[1]}/${match[2]}/${width}.${format}`;
  // The format is in the path now; the Accept header must not split the cache.
  delete request.headers.accept;
  return request;
}
