// The two response shapes Instagram's web endpoints answer with, read into posts: the GraphQL
// edge shape (web_profile_info, graphql/query) and the REST item shape (api/v1/feed).
import { z } from 'zod';
import { httpUrlSchema } from '../../core/vocabulary/identifiers.ts';
import type { InstagramImage, InstagramPost } from './instagram-post.ts';

const captionEdges = z.object({
  edges: z.array(z.object({ node: z.object({ text: z.string() }) })),
});

const edgeNode = z.object({
  id: z.string(),
  shortcode: z.string(),
  is_video: z.boolean().default(false),
  display_url: httpUrlSchema,
  dimensions: z.object({ width: z.number(), height: z.number() }).optional(),
  taken_at_timestamp: z.number().optional(),
  edge_media_to_caption: captionEdges.optional(),
  edge_sidecar_to_children: z
    .object({
      edges: z.array(
        z.object({
          node: z.object({
            is_video: z.boolean().default(false),
            display_url: httpUrlSchema,
            dimensions: z.object({ width: z.number(), height: z.number() }).optional(),
          }),
        }),
      ),
    })
    .optional(),
});

/** `edge_owner_to_timeline_media`: a page of the GraphQL edge shape. */
export const timelineMedia = z.object({
  /** How many posts the account holds. */
  count: z.number().int().nonnegative().optional(),
  page_info: z.object({ has_next_page: z.boolean(), end_cursor: z.string().nullable().optional() }),
  edges: z.array(z.object({ node: edgeNode })),
});

const candidates = z.object({
  candidates: z
    .array(z.object({ url: httpUrlSchema, width: z.number(), height: z.number() }))
    .min(1),
});

const restItem = z.object({
  id: z.string(),
  code: z.string(),
  taken_at: z.number().optional(),
  /** 1 photo, 2 video, 8 carousel */
  media_type: z.number(),
  caption: z.object({ text: z.string() }).nullable().optional(),
  image_versions2: candidates.optional(),
  carousel_media: z
    .array(z.object({ media_type: z.number(), image_versions2: candidates.optional() }))
    .optional(),
});

/** A page of the REST item shape (`api/v1/feed/user/<id>`). */
export const restFeed = z.object({
  items: z.array(restItem),
  more_available: z.boolean().default(false),
  next_max_id: z.string().nullable().optional(),
});

const permalink = (base: string, shortcode: string) => `${base}/p/${shortcode}/`;
const isoFromSeconds = (seconds: number | undefined) =>
  seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();

/** Posts from a page of the GraphQL edge shape. */
export function postsFromEdges(page: z.infer<typeof timelineMedia>, base: string): InstagramPost[] {
  return page.edges.map(({ node }) => {
    const children = node.edge_sidecar_to_children?.edges.map((edge) => edge.node);
    const images: InstagramImage[] = (children ?? [node])
      .filter((media) => !media.is_video)
      .map((media) => ({ url: media.display_url, ...media.dimensions }));
    return withoutUndefined({
      id: node.id,
      permalink: permalink(base, node.shortcode),
      caption: node.edge_media_to_caption?.edges[0]?.node.text,
      takenAt: isoFromSeconds(node.taken_at_timestamp),
      images,
    });
  });
}

/** Posts from a page of the REST item shape; each photo at its largest candidate. */
export function postsFromItems(page: z.infer<typeof restFeed>, base: string): InstagramPost[] {
  return page.items.map((item) => {
    const media = item.media_type === 8 ? (item.carousel_media ?? []) : [item];
    const images = media
      .filter((m) => m.media_type === 1 && m.image_versions2)
      .map((m) => largest(m.image_versions2?.candidates ?? []));
    return withoutUndefined({
      id: item.id,
      permalink: permalink(base, item.code),
      caption: item.caption?.text,
      takenAt: isoFromSeconds(item.taken_at),
      images,
    });
  });
}

function largest(list: { url: string; width: number; height: number }[]): InstagramImage {
  const best = list.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  return { url: best.url, width: best.width, height: best.height };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
