// The backfill: shown images stored before a format was precomputed (AVIF) are handed to the
// optimizer again, which gives each the rungs it lacks from one decode of its original
// (`processRawObject`'s completion path). Idempotent: a complete image is never sent, and a
// message for one the optimizer completed meanwhile changes nothing. Resumable: a run cut
// short leaves the rest for the next, which finds only what is still incomplete.
import type { ImageRecords } from '../images/image-records.ts';
import { missingFormats } from '../images/ladder.ts';

export interface BackfillDependencies {
  records: ImageRecords;
  /** Hands raw keys to the optimizer (its queue). */
  send: (keys: string[]) => Promise<void>;
  /** Told after each artist: how many of their images were incomplete. */
  onArtist?: (slug: string, incomplete: number) => void;
  /** Told of each record that cannot be read, which is left alone. */
  onMalformed?: (key: string, problem: string) => void;
}

export interface BackfillFindings {
  artists: number;
  /** Shown images that lacked a precomputed format, sent to the optimizer. */
  sent: number;
}

/** The raw keys of `slug`'s shown images that lack a precomputed format. */
export async function incompleteImages(
  records: ImageRecords,
  slug: string,
  onMalformed: (key: string, problem: string) => void = () => {},
): Promise<string[]> {
  const states = await records.listStates(slug, onMalformed, { variants: true });
  return states
    .filter((state) => state.status === 'ok')
    .filter((state) => missingFormats(state.variants ?? []).length > 0)
    .map((state) => state.rawKey);
}

/** Sends every incomplete shown image of `artists` to the optimizer, artist by artist. */
export async function backfill(
  deps: BackfillDependencies,
  artists: readonly string[],
): Promise<BackfillFindings> {
  let sent = 0;
  for (const slug of artists) {
    const keys = await incompleteImages(deps.records, slug, deps.onMalformed);
    if (keys.length > 0) await deps.send(keys);
    sent += keys.length;
    deps.onArtist?.(slug, keys.length);
  }
  return { artists: artists.length, sent };
}
