// Puts demo designs straight into the raw bucket, as the scraper would store them: used to
// grow a portfolio after the site is up (tests) and to make a full one (the site benchmark).
import { createHash } from 'node:crypto';
import { imageIdFromSha256 } from '../../core/vocabulary/identifiers.ts';
import { RawStore } from '../../scraper/storage/raw-store.ts';
import type { StandIns } from '../stand-ins.ts';
import { flashJpeg, motifName } from './flash.ts';

/** Stores designs `designs` for `slug`, newest last; resolves with their image ids. */
export async function uploadFlash(
  standIns: StandIns,
  slug: string,
  designs: number[],
  now = Date.now(),
): Promise<string[]> {
  const store = new RawStore(
    standIns.clients.s3,
    standIns.clients.dynamo,
    standIns.config.rawBucket,
    standIns.config.tableName,
  );
  const ids: string[] = [];
  for (const [k, n] of designs.entries()) {
    const bytes = await flashJpeg(n);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await store.store(slug, bytes, sha256, 'jpeg', {
      source: 'upload',
      caption: `${motifName(n)}, fresh from the flash wall`,
      takenAt: new Date(now - (designs.length - k) * 60_000).toISOString(),
    });
    ids.push(imageIdFromSha256(sha256));
  }
  return ids;
}
