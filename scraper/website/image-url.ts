// Whether a string from a page (an attribute, a JSON value, a script literal) is an image URL.

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
