// The public HTTP contract as zod schemas: the one definition the types of contract.ts are
// inferred from and the OpenAPI document (openapi.ts) is generated from. Kept apart from
// contract.ts so the site, which imports that module's constants, never bundles zod.
import { z } from 'zod';
import { PRECOMPUTED_FORMATS } from '../images/ladder.ts';
import { provenanceSchema } from '../images/provenance.ts';
import { STYLES } from '../vocabulary/styles.ts';

export const styleSchema = z
  .enum(STYLES)
  .meta({ id: 'Style', description: 'A style of the vocabulary (docs/styles.md).' });

export const imageViewSchema = z
  .object({
    id: z.string().meta({ description: 'The image id: 16 hex digits.' }),
    width: z.number().int().positive().meta({ description: 'Displayed width of the full image.' }),
    height: z.number().int().positive(),
    alt: z.string(),
    placeholder: z.string().meta({ description: 'ThumbHash, base64: a blurred preview.' }),
    colour: z.string().meta({ description: 'Dominant colour, #rrggbb.' }),
    provenance: provenanceSchema.omit({ sourceUrl: true }),
    src: z.string().meta({ description: 'A WebP rung about 640 px wide: the <img src> fallback.' }),
    srcset: z.partialRecord(z.enum(PRECOMPUTED_FORMATS), z.string()).meta({
      description: 'srcset per precomputed format the image has (only stored variants).',
    }),
    styles: z.array(styleSchema).meta({ description: 'The styles its caption names.' }),
  })
  .meta({ id: 'ImageView', description: 'One portfolio image as the site shows it.' });

export const artistSummarySchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    studio: z.string().optional(),
    city: z.string().optional(),
    url: z.string().meta({ description: "The artist's page on the site." }),
    cover: imageViewSchema.optional().meta({ description: 'The newest image, when there is one.' }),
    styles: z
      .array(styleSchema)
      .meta({ description: 'The styles a meaningful share of their images carry, most first.' }),
  })
  .meta({ id: 'ArtistSummary' });

export const bookingViewSchema = z
  .object({
    url: z.string().optional().meta({ description: 'Where to book.' }),
    contact: z
      .object({ href: z.string(), label: z.string() })
      .optional()
      .meta({ description: 'mailto: for an address, else a contact form URL.' }),
    open: z.boolean().optional().meta({ description: 'Whether books are open; absent: not said.' }),
    note: z.string().optional(),
  })
  .meta({ id: 'BookingView', description: 'How to book the artist, as far as the operator said.' });

export const sourceSyncViewSchema = z
  .object({
    source: z.enum(['website', 'instagram']),
    id: z.string().meta({ description: "The website's address, or the Instagram handle." }),
    outcome: z.enum(['ok', 'partial', 'failed']).meta({ description: 'How the last read went.' }),
    reason: z.string().optional().meta({ description: 'Why it was partial or failed, in words.' }),
    read: z.number().int().nonnegative().meta({ description: 'Pages or posts read.' }),
    total: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .meta({ description: 'How many the source holds, where it says (pages found).' }),
    attemptedAt: z.string().meta({ description: 'The last read (ISO 8601).' }),
    lastSuccessAt: z.string().optional().meta({ description: 'The last read that went through.' }),
  })
  .meta({ id: 'SourceSync' });

export const syncViewSchema = z
  .object({
    updatedAt: z.string().optional().meta({
      description: 'When a source was last read successfully: how fresh the portfolio is.',
    }),
    sources: z.array(sourceSyncViewSchema),
  })
  .meta({ id: 'Sync' });

export const artistProfileSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    studio: z.string().optional(),
    city: z.string().optional(),
    websites: z.array(z.string()),
    instagram: z.string().optional(),
    booking: bookingViewSchema.optional(),
    sync: syncViewSchema,
  })
  .meta({ id: 'ArtistProfile' });

export const artistsPageSchema = z
  .object({
    artists: z.array(artistSummarySchema),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'ArtistsPage' });

export const artistPageSchema = z
  .object({
    artist: artistProfileSchema,
    images: z.array(imageViewSchema).meta({ description: 'Newest first.' }),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'ArtistPage' });

export const citiesPageSchema = z
  .object({
    cities: z.array(
      z.object({
        key: z.string().meta({ description: 'What ?city= matches: case and accents aside.' }),
        name: z.string(),
        artists: z.number().int().positive(),
      }),
    ),
  })
  .meta({ id: 'CitiesPage' });

export const apiErrorSchema = z.object({ error: z.string() }).meta({ id: 'ApiError' });
