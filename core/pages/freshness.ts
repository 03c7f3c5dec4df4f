// How fresh an artist's portfolio is, in words: "updated 3 days ago", and a quiet note for each
// source whose last read failed. One definition for the page written on the server and the
// page's own script.
import type { ArtistProfile } from '../api/contract.ts';

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * "updated 3 days ago", from the last successful read of any source, and a quiet note for each
 * source whose last read failed ("Instagram not read lately: Instagram asks to wait").
 */
export function freshness(sync: ArtistProfile['sync'] | undefined, now: number): string[] {
  if (!sync) return [];
  const notes: string[] = [];
  const updated = sync.updatedAt ? Date.parse(sync.updatedAt) : Number.NaN;
  if (Number.isFinite(updated)) notes.push(`updated ${ago(now - updated)}`);
  for (const source of sync.sources) {
    if (source.outcome !== 'failed') continue;
    const name = source.source === 'instagram' ? 'Instagram' : linkText(source.id);
    notes.push(`${name} not read lately${source.reason ? `: ${source.reason}` : ''}`);
  }
  return notes;
}

/** How long ago `ms` is, in the largest unit that fits: "today", "3 days ago", "2 months ago". */
function ago(ms: number): string {
  const days = Math.floor(Math.max(0, ms) / 86_400_000);
  if (days < 1) return 'today';
  if (days < 31) return RELATIVE.format(-days, 'day');
  if (days < 365) return RELATIVE.format(-Math.floor(days / 30), 'month');
  return RELATIVE.format(-Math.floor(days / 365), 'year');
}

/** A website shown as host and path: shorter than the URL, and still says where it goes. */
export function linkText(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`.replace(/\/$/, '');
  } catch {
    return url;
  }
}
