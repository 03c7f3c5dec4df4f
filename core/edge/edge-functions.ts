// Builds the CloudFront Functions' sources with their allowlists taken from the shared
// constants, for Pulumi (the functions' code) and for the local edge (run in a sandbox).
import { readFileSync } from 'node:fs';
import { IMAGE_FORMATS, LADDER_WIDTHS } from '../images/ladder.ts';
import { IMAGE_ID_PATTERN, SLUG_PATTERN } from '../vocabulary/identifiers.ts';

/** CloudFront Functions accept at most 10 KB of code. */
export const MAX_FUNCTION_SIZE = 10 * 1024;

const ALLOWED_BLOCK = /\/\*ALLOWED\*\/[\s\S]*?\/\*END ALLOWED\*\//;

/**
 * A CloudFront Function's source with its ALLOWED block replaced by `allowed`.
 * @throws {Error} when the template lost its ALLOWED block or the result exceeds the size limit.
 */
function fillTemplate(template: URL, allowed: unknown): string {
  const text = readFileSync(template, 'utf8');
  const file = template.pathname.split('/').pop();
  if (!ALLOWED_BLOCK.test(text)) throw new Error(`${file} has no ALLOWED block`);
  const source = text.replace(ALLOWED_BLOCK, JSON.stringify(allowed));
  const size = Buffer.byteLength(source);
  if (size > MAX_FUNCTION_SIZE) {
    throw new Error(`${file} is ${size} bytes; CloudFront Functions allow ${MAX_FUNCTION_SIZE}`);
  }
  return source;
}

/** The /img/* URL normalizer's source, ready to deploy. */
export function normalizerSource(): string {
  return fillTemplate(new URL('./url-normalizer.js', import.meta.url), {
    widths: [...LADDER_WIDTHS],
    formats: [...IMAGE_FORMATS],
    slug: SLUG_PATTERN.source,
    imageId: IMAGE_ID_PATTERN.source,
  });
}

/** The site router's source (pretty URLs onto the static build), ready to deploy. */
export function siteRouterSource(): string {
  return fillTemplate(new URL('./site-router.js', import.meta.url), {
    slug: SLUG_PATTERN.source,
  });
}
