// Where an original came from: carried as S3 user metadata on the raw object, read back here.
import { z } from 'zod';
import { httpUrlSchema } from '../vocabulary/identifiers.ts';

/**
 * How the scraper found an image on a website: where its URL was (`html` an img src,
 * `srcset`, `data-src`, `noscript`, `background`, `og:image`, `json-ld`, `link` an anchor to the
 * file, `lightbox` a data-* attribute, `network` the page's data: a JSON or script response it
 * fetched, or an inline script) and what made it appear (`script` rendered in the browser,
 * `scroll`, `reveal` a click).
 */
export const FOUND_BY = [
  'html',
  'srcset',
  'data-src',
  'noscript',
  'background',
  'og:image',
  'json-ld',
  'link',
  'lightbox',
  'network',
  'script',
  'scroll',
  'reveal',
] as const;
export type FoundBy = (typeof FOUND_BY)[number];

/** What the scraper knows about an original; every field but `source` is optional. */
export const provenanceSchema = z.object({
  source: z.enum(['instagram', 'website', 'upload']),
  sourceUrl: httpUrlSchema.optional(),
  pageUrl: httpUrlSchema.optional(),
  permalink: httpUrlSchema.optional(),
  caption: z.string().max(2200).optional(),
  takenAt: z.iso.datetime({ offset: true }).optional(),
  scrapedAt: z.iso.datetime({ offset: true }).optional(),
  foundBy: z.array(z.enum(FOUND_BY)).min(1).optional(),
});

export type Provenance = z.infer<typeof provenanceSchema>;

/** S3 user metadata key (without `x-amz-meta-`) of each provenance field. */
const METADATA_KEYS: Readonly<Record<keyof Provenance, string>> = {
  source: 'source',
  sourceUrl: 'source-url',
  pageUrl: 'page-url',
  permalink: 'permalink',
  caption: 'caption',
  takenAt: 'taken-at',
  scrapedAt: 'scraped-at',
  foundBy: 'found-by',
};

/**
 * The S3 user metadata that carries `provenance`. Values are URI-encoded: S3 metadata is
 * US-ASCII and captions are not.
 */
export function provenanceToMetadata(provenance: Provenance): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [field, key] of Object.entries(METADATA_KEYS)) {
    const value = provenance[field as keyof Provenance];
    if (value !== undefined)
      metadata[key] = encodeURIComponent(Array.isArray(value) ? value.join(',') : value);
  }
  return metadata;
}

/**
 * The provenance carried by a raw object's user metadata. Malformed or missing fields are
 * dropped rather than failing the image: provenance describes the photo, it does not gate it.
 * With no valid `source`, the source is `upload`.
 */
export function provenanceFromMetadata(metadata: Record<string, string> | undefined): Provenance {
  const decoded: Record<string, string> = {};
  for (const [field, key] of Object.entries(METADATA_KEYS)) {
    const raw = metadata?.[key];
    if (raw === undefined) continue;
    try {
      decoded[field] = decodeURIComponent(raw);
    } catch {
      // A value that is not valid URI encoding is left out.
    }
  }
  const provenance: Record<string, unknown> = { source: 'upload' };
  for (const [field, value] of Object.entries(decoded)) {
    const fieldSchema = provenanceSchema.shape[field as keyof Provenance];
    const parsed = fieldSchema.safeParse(field === 'foundBy' ? value.split(',') : value);
    if (parsed.success) provenance[field] = parsed.data;
  }
  return provenance as Provenance;
}
