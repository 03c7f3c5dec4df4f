// Artist slugs and image ids: their formats, checked wherever they enter from outside.
import { z } from 'zod';

/** Lower-case letters, digits and single hyphens; 2 to 64 characters; no hyphen at either end. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,63}$/;

export const slugSchema = z
  .string()
  .regex(SLUG_PATTERN, 'Expected a slug of 2-64 lower-case letters, digits and single hyphens');

/** An image id is the first 16 hex digits of the SHA-256 of the original's bytes. */
export const IMAGE_ID_PATTERN = /^[0-9a-f]{16}$/;

/** The image id of an original with the given SHA-256 (hex). */
export function imageIdFromSha256(sha256: string): string {
  return sha256.slice(0, 16);
}

/**
 * A web address: http or https only. `z.url()` alone takes `javascript:`, `data:` and `file:`,
 * which must never reach a link, a download or a record.
 */
export const httpUrlSchema = z.url({
  protocol: /^https?$/,
  error: 'Expected an http(s) URL',
});
