// How each source's read is told (scraper/source-reads.ts), and how it is kept with the last
// successful read (core/sources/source-syncs.ts, on the DynamoDB stand-in).
import { expect } from 'chai';
import { type SourceRead, SourceSyncs } from '../../core/sources/source-syncs.ts';
import { type StandIns, startStandIns } from '../../local/stand-ins.ts';
import { instagramRead, websiteReads } from '../../scraper/source-reads.ts';
import type { WebsiteResult } from '../../scraper/website/website-source.ts';

const AT = '2026-11-30T08:00:00.000Z';

/** A crawl result with `pages` read, `found` known and the given errors and skips. */
function site(parts: Partial<WebsiteResult> & { read?: string[] }): WebsiteResult {
  const pages = (parts.read ?? []).map((url) => ({ url, via: 'http' as const, images: 1 }));
  return {
    pages,
    images: [],
    leftOut: [],
    chrome: [],
    skipped: [],
    errors: [],
    truncated: false,
    ...parts,
    pagesFound: parts.pagesFound ?? pages.map((page) => page.url),
    cutShort: parts.cutShort ?? [],
  };
}

describe('source reads', () => {
  it('tells each website apart: pages of its own origin read, of those found', () => {
    const reads = websiteReads(
      ['https://ana.example/work/', 'https://studio.example/ana/'],
      site({
        read: [
          'https://ana.example/work/',
          'https://ana.example/work/2',
          'https://studio.example/ana/',
        ],
        pagesFound: [
          'https://ana.example/work/',
          'https://ana.example/work/2',
          'https://studio.example/ana/',
          'https://studio.example/ana/flash',
        ],
        errors: [{ url: 'https://studio.example/ana/flash', reason: 'the site answered 500' }],
      }),
      AT,
    );
    expect(reads).to.deep.equal([
      {
        source: 'website',
        id: 'https://ana.example/work/',
        attemptedAt: AT,
        outcome: 'ok',
        read: 2,
        total: 2,
        complete: true,
      },
      {
        source: 'website',
        id: 'https://studio.example/ana/',
        attemptedAt: AT,
        outcome: 'partial',
        reason: '1 page could not be read',
        read: 1,
        total: 2,
        complete: false,
      },
    ]);
  });

  it('says a site failed when robots.txt or an error kept its first page, or the crawl broke', () => {
    const start = 'https://vic.example/gallery/';
    const [robots] = websiteReads(
      [start],
      site({
        skipped: [{ url: start, reason: 'robots.txt disallows /gallery/' }],
        pagesFound: [start],
      }),
      AT,
    );
    expect(robots).to.deep.include({
      outcome: 'failed',
      reason: 'robots.txt disallows the gallery',
      read: 0,
    });
    const [down] = websiteReads(
      [start],
      site({ errors: [{ url: start, reason: 'site answered 500' }] }),
      AT,
    );
    expect(down).to.deep.include({
      outcome: 'failed',
      reason: 'the site answered 500',
    });
    const [broke] = websiteReads([start], 'reading the site failed: Chromium would not start', AT);
    expect(broke).to.deep.include({
      outcome: 'failed',
      complete: false,
      reason: 'the site could not be read',
    });
    // Cut short by the page budget: read, but not whole.
    const [cut] = websiteReads(
      [start],
      site({ read: [start], pagesFound: [start, `${start}2`, `${start}3`], truncated: true }),
      AT,
    );
    expect(cut).to.deep.include({
      outcome: 'partial',
      reason: '2 pages left unread',
      complete: false,
    });
  });

  it('counts a site that redirects to https or www as the same site, and leaves out what robots.txt keeps', () => {
    const [read] = websiteReads(
      ['http://ana.example/work/'],
      site({
        read: ['https://www.ana.example/work/', 'https://www.ana.example/work/2'],
        pagesFound: ['https://www.ana.example/work/private'],
        skipped: [
          { url: 'https://www.ana.example/work/private', reason: 'robots.txt disallows it' },
        ],
      }),
      AT,
    );
    expect(read).to.deep.include({ outcome: 'ok', read: 2, total: 2, complete: true });
    // A second site read whole is not partial because the first was cut short.
    const reads = websiteReads(
      ['https://a.example/', 'https://b.example/'],
      site({
        read: ['https://a.example/', 'https://b.example/'],
        pagesFound: ['https://a.example/', 'https://a.example/more', 'https://b.example/'],
        truncated: true,
      }),
      AT,
    );
    expect(reads.map((r) => r.outcome)).to.deep.equal(['partial', 'ok']);
  });

  it('says a site is partial when a page was read only in part (a gallery longer than is read)', () => {
    const [read] = websiteReads(
      ['https://ana.example/'],
      site({
        read: ['https://ana.example/', 'https://ana.example/gallery'],
        cutShort: [
          {
            url: 'https://ana.example/gallery',
            reason: 'the page still grew when its time was up',
          },
        ],
      }),
      AT,
    );
    expect(read).to.deep.include({
      outcome: 'partial',
      reason: '1 page longer than is read',
      read: 2,
      complete: false,
    });
  });

  it('tells an Instagram read in words', () => {
    const posts = [{ images: [], permalink: 'https://www.instagram.com/p/x/' }] as never[];
    expect(instagramRead('ana.ink', { status: 'ok', posts, truncated: false }, AT)).to.deep.include(
      {
        outcome: 'ok',
        read: 1,
        complete: true,
      },
    );
    // Instagram says how many posts the account holds: one read of 1932.
    expect(
      instagramRead('ana.ink', { status: 'ok', posts, truncated: true, total: 1932 }, AT),
    ).to.deep.include({ outcome: 'partial', complete: false, read: 1, total: 1932 });
    // A last page that came back short is not the whole account either.
    expect(
      instagramRead('ana.ink', { status: 'ok', posts, truncated: false, total: 2 }, AT),
    ).to.deep.include({ outcome: 'partial', complete: false, read: 1, total: 2 });
    expect(
      instagramRead('ana.ink', { status: 'ok', posts, truncated: false, total: 1 }, AT),
    ).to.deep.include({ outcome: 'ok', complete: true });
    expect(
      instagramRead(
        'ana.ink',
        { status: 'refused', posts: [], reason: 'Instagram refused: 429 Too Many Requests' },
        AT,
      ),
    ).to.deep.include({ outcome: 'failed', reason: 'Instagram asks to wait' });
    expect(
      instagramRead('ana.ink', { status: 'private', posts: [], reason: 'private' }, AT),
    ).to.deep.include({
      outcome: 'failed',
      reason: 'the account is private',
    });
  });

  describe('kept per source on the table', () => {
    let standIns: StandIns;
    before(async () => {
      standIns = await startStandIns();
    });
    after(() => standIns.stop());

    it('keeps when a source was last read successfully across a failed read', async () => {
      const syncs = new SourceSyncs(standIns.clients.dynamo, standIns.config.tableName);
      const read = (attemptedAt: string, outcome: SourceRead['outcome']): SourceRead => ({
        source: 'instagram',
        id: 'ana.ink',
        attemptedAt,
        outcome,
        read: outcome === 'failed' ? 0 : 12,
        complete: outcome === 'ok',
        ...(outcome === 'failed' && { reason: 'Instagram asks to wait' }),
      });
      expect(await syncs.list('ana-ink')).to.deep.equal([]);
      await syncs.record('ana-ink', read('2026-11-28T08:00:00.000Z', 'ok'));
      const failed = await syncs.record('ana-ink', read('2026-11-30T08:00:00.000Z', 'failed'));
      expect(failed).to.deep.include({
        outcome: 'failed',
        lastSuccessAt: '2026-11-28T08:00:00.000Z',
      });
      await syncs.record('ana-ink', {
        ...read('2026-11-30T09:00:00.000Z', 'ok'),
        source: 'website',
        id: 'https://ana.example/',
      });
      const listed = await syncs.list('ana-ink');
      expect(listed.map((sync) => [sync.source, sync.outcome, sync.lastSuccessAt])).to.deep.equal([
        ['instagram', 'failed', '2026-11-28T08:00:00.000Z'],
        ['website', 'ok', '2026-11-30T09:00:00.000Z'],
      ]);
      // Another artist's sources are theirs.
      expect(await syncs.list('bo-lines')).to.deep.equal([]);
    });
  });
});
