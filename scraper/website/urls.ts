// URLs found on pages: resolved to absolute http(s) URLs, and told to be image URLs or not.

/** Longer values are not taken for URLs: a bound on the work a hostile page can ask for. */
const MAX_URL_LENGTH = 2048;
/**
 * An absolute, root-relative or relative URL whose path ends in an image extension, with an
 * optional query or fragment. The path excludes `?` and `#`, so no part can match two ways.
 */
const IMAGE_URL =
  /^(?:https?:\/\/|\.{0,2}\/)?[^\s"'<>?#]+\.(?:jpe?g|png|webp|avif|gif)(?:[?#][^\s"'<>]*)?$/i;

/** Whether `value` names an image file. */
export function isImageUrl(value: string): boolean {
  return value.length <= MAX_URL_LENGTH && IMAGE_URL.test(value);
}

/**
 * `raw` (trimmed) resolved against `base`, without its fragment; undefined for a data: URL,
 * anything but http(s), or what does not parse.
 */
export function absoluteUrl(raw: string | undefined, base: string): string | undefined {
  const value = raw?.trim();
  if (!value || value.startsWith('data:')) return undefined;
  try {
    const url = new URL(value, base);
    url.hash = '';
    return /^https?:$/.test(url.protocol) ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
