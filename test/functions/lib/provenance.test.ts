import { expect } from 'chai';
import { provenanceFromMetadata, provenanceToMetadata } from '../../../functions/lib/provenance.ts';

describe('provenance metadata', () => {
  it('round-trips every field through ASCII-only S3 metadata', () => {
    const provenance = {
      source: 'website' as const,
      sourceUrl: 'https://studio.example/wp-content/uploads/rose.jpg',
      pageUrl: 'https://studio.example/gallery/',
      caption: 'Rosa 🌹 «fine line» — 東京',
      takenAt: '2025-01-02T03:04:05Z',
      scrapedAt: '2026-11-24T10:00:00.000Z',
      foundBy: ['lightbox' as const, 'reveal' as const],
    };
    const metadata = provenanceToMetadata(provenance);
    for (const value of Object.values(metadata)) expect(value).to.match(/^[\x20-\x7e]*$/);
    expect(provenanceFromMetadata(metadata)).to.deep.equal(provenance);
  });

  it('drops malformed fields instead of failing the image', () => {
    expect(
      provenanceFromMetadata({
        source: 'fax',
        'page-url': 'not a url',
        caption: '%E0%A4%A',
        'taken-at': 'yesterday',
        'found-by': 'lightbox,teleport',
      }),
    ).to.deep.equal({ source: 'upload' });
  });
});
