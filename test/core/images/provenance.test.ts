import { expect } from 'chai';
import {
  provenanceFromMetadata,
  provenanceSchema,
  provenanceToMetadata,
} from '../../../core/images/provenance.ts';

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

  it('takes web addresses only: javascript:, data: and file: links never reach a record', () => {
    const links = {
      'source-url': encodeURIComponent('file:///etc/passwd'),
      'page-url': encodeURIComponent('javascript:alert(document.cookie)'),
      permalink: encodeURIComponent('data:text/html,<script>alert(1)</script>'),
    };
    expect(provenanceFromMetadata({ source: 'website', ...links })).to.deep.equal({
      source: 'website',
    });
    expect(
      provenanceSchema.safeParse({ source: 'instagram', permalink: 'javascript:alert(1)' }).success,
    ).to.equal(false);
    expect(
      provenanceFromMetadata({
        source: 'instagram',
        permalink: encodeURIComponent('https://www.instagram.com/p/abc/'),
      }),
    ).to.deep.equal({ source: 'instagram', permalink: 'https://www.instagram.com/p/abc/' });
  });
});
