// The full-size original behind a resized image URL, where the platform's URL pattern says it.

/** WordPress: `photo-1024x768.jpg` is a resized copy of `photo.jpg`. */
const WORDPRESS_SIZE = /-\d{2,5}x\d{2,5}(?=\.(?:jpe?g|png|webp|gif|avif)$)/i;
/** Shopify: `photo_600x600.jpg`, `photo_600x.jpg`, `photo_x600_crop_center.jpg`. */
const SHOPIFY_SIZE =
  /_(?:\d{1,5}x\d{0,5}|x\d{1,5})(?:_crop_[a-z]+)?(?:@\dx)?(?=\.(?:jpe?g|png|webp|gif)$)/i;
/** Wix: `/media/<id>~mv2.jpg/v1/fill/w_300,h_200,.../<name>.jpg` is a rendition of `/media/<id>~mv2.jpg`. */
const WIX_RENDITION = /^(\/media\/[^/]+)\/v1\/.*$/;

/** The URL of the original image that `url` is a rendition of, or `url` itself. */
export function fullSizeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const host = parsed.hostname;
  if (
    host.endsWith('wixstatic.com') ||
    /^\/media\/[^/]+~mv2\.[a-z]+\/v1\//i.test(parsed.pathname)
  ) {
    parsed.pathname = parsed.pathname.replace(WIX_RENDITION, '$1');
    return parsed.toString();
  }
  if (
    host.endsWith('squarespace-cdn.com') ||
    host.endsWith('squarespace.com') ||
    parsed.searchParams.has('format')
  ) {
    if (/^\d+w$|^original$/.test(parsed.searchParams.get('format') ?? '')) {
      parsed.searchParams.set('format', 'original');
      return parsed.toString();
    }
  }
  if (
    host.endsWith('shopify.com') ||
    host.endsWith('myshopify.com') ||
    parsed.pathname.includes('/cdn/shop/')
  ) {
    parsed.pathname = parsed.pathname.replace(SHOPIFY_SIZE, '');
    parsed.searchParams.delete('width');
    parsed.searchParams.delete('height');
    return parsed.toString();
  }
  if (parsed.pathname.includes('/wp-content/uploads/')) {
    parsed.pathname = parsed.pathname.replace(WORDPRESS_SIZE, '');
    return parsed.toString();
  }
  return url;
}
