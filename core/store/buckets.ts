// The buckets of the system: one definition for the Pulumi program and the local stand-ins.

export interface BucketDefinition {
  /** Name used by the local stand-in; in AWS, Pulumi derives a unique physical name from it. */
  localName: string;
  /** The environment variable through which the runtime learns the physical name. */
  envVar: string;
  description: string;
}

export const BUCKETS = {
  raw: {
    localName: 'portfolio-raw',
    envVar: 'RAW_BUCKET',
    description: 'Originals as scraped, content-addressed, with provenance metadata',
  },
  optimized: {
    localName: 'portfolio-optimized',
    envVar: 'OPTIMIZED_BUCKET',
    description: 'AVIF and WebP ladders and on-demand variants, under the CDN path img/...',
  },
  site: {
    localName: 'portfolio-site',
    envVar: 'SITE_BUCKET',
    description: 'The static site build',
  },
} as const satisfies Record<string, BucketDefinition>;

export type BucketRole = keyof typeof BUCKETS;

/**
 * How long the log archive account's backup bucket keeps every object version (Object Lock,
 * compliance mode) unless the stack config says otherwise. A takedown removes an artist from
 * the live buckets at once; their copies in the backup expire after this.
 */
export const DEFAULT_BACKUP_RETENTION_DAYS = 30;
