// Where downloaded originals go: the raw bucket in AWS and locally, or a directory for the
// `scrape` command. Both store each original once and know which URLs they already have.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceFormat } from '../../core/images/image-sniff.ts';
import type { Provenance } from '../../core/images/provenance.ts';
import type { RawStore } from './raw-store.ts';

export interface SinkImage {
  bytes: Buffer;
  sha256: string;
  format: SourceFormat;
  provenance: Provenance;
}

export interface ImageSink {
  /** The content hash of the original behind `url` when it is stored already (seen before). */
  knows(url: string): Promise<string | undefined>;
  store(image: SinkImage): Promise<{ status: 'stored' | 'duplicate'; location: string }>;
}

/** The raw bucket, for one artist. */
export function rawBucketSink(store: RawStore, slug: string): ImageSink {
  return {
    knows: (url) => store.knownSource(slug, url),
    store: async (image) => {
      const outcome = await store.store(
        slug,
        image.bytes,
        image.sha256,
        image.format,
        image.provenance,
      );
      return { status: outcome.status, location: outcome.key };
    },
  };
}

const EXTENSIONS: Record<SourceFormat, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
  tiff: 'tif',
  heic: 'heic',
};

/** A directory: `<dir>/<sha256>.<ext>`; URLs are remembered for the run. */
export async function directorySink(dir: string): Promise<ImageSink> {
  await mkdir(dir, { recursive: true });
  const stored = new Set((await readdir(dir)).map((name) => name.split('.')[0]));
  const urls = new Map<string, string>();
  return {
    knows: async (url) => urls.get(url),
    store: async (image) => {
      if (image.provenance.sourceUrl) urls.set(image.provenance.sourceUrl, image.sha256);
      const location = join(dir, `${image.sha256}.${EXTENSIONS[image.format]}`);
      if (stored.has(image.sha256)) return { status: 'duplicate', location };
      stored.add(image.sha256);
      await writeFile(location, image.bytes);
      return { status: 'stored', location };
    },
  };
}
