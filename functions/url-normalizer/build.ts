// Builds the URL normalizer's source with its allowlist taken from the shared constants, for
// Pulumi (the CloudFront Function's code) and for the local edge (run in a sandbox).
import { readFileSync } from 'node:fs';
import { IMAGE_ID_PATTERN, SLUG_PATTERN } from '../lib/identifiers.ts';
import { IMAGE_FORMATS, LADDER_WIDTHS } from '../lib/ladder.ts';

/** CloudFront Functions accept at most 10 KB of code. */
export const MAX_FUNCTION_SIZE = 10 * 1024;

const ALLOWED_BLOCK = /\/\*ALLOWED\*\/[\s\S]*?\/\*END ALLOWED\*\//;

/**
 * The normalizer's source, ready to deploy.
 * @throws {Error} when the template lost its ALLOWED block or the result exceeds the size limit.
 */
export function normalizerSource(): string {
  const template = readFileSync(new URL('./url-normalizer.js', import.meta.url), 'utf8');
  if (!ALLOWED_BLOCK.test(template)) throw new Error('url-normalizer.js has no ALLOWED block');
  const allowed = {
    widths: [...LADDER_WIDTHS],
    formats: [...IMAGE_FORMATS],
    slug: SLUG_PATTERN.source,
    imageId: IMAGE_ID_PATTERN.source,
  };
  const source = template.replace(ALLOWED_BLOCK, JSON.stringify(allowed));
  const size = Buffer.byteLength(source);
  if (size > MAX_FUNCTION_SIZE) {
    throw new Error(
      `The URL normalizer is ${size} bytes; CloudFront Functions allow ${MAX_FUNCTION_SIZE}`,
    );
  }
  return source;
}
