// The content hashes of fixture photos, to compare with what a scrape stored.
import { createHash } from 'node:crypto';

/** The sha256 of each of `paths` as `origin` serves them, sorted. */
export async function photoHashes(origin: string, paths: string[]): Promise<string[]> {
  const hashes = await Promise.all(
    paths.map(async (path) => {
      const response = await fetch(`${origin}${path}`);
      return createHash('sha256')
        .update(Buffer.from(await response.arrayBuffer()))
        .digest('hex');
    }),
  );
  return hashes.sort();
}

/** The content hashes a directory sink stored (its files are named `<sha256>.<ext>`), sorted. */
export function storedHashes(files: string[]): string[] {
  return files.map((file) => file.split('.')[0] as string).sort();
}
