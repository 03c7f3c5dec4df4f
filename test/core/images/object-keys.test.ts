import { expect } from 'chai';
import fc from 'fast-check';
import { parseRawKey, rawKey, variantKey } from '../../../core/images/object-keys.ts';

const slug = fc
  .array(fc.stringMatching(/^[a-z0-9]{1,12}$/), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join('-'))
  .filter((s) => s.length >= 2);
const sha256 = fc.stringMatching(/^[0-9a-f]{64}$/);

describe('object keys', () => {
  it('parses back every raw key it builds', () => {
    fc.assert(
      fc.property(slug, sha256, (s, hash) => {
        expect(parseRawKey(rawKey(s, hash))).to.deep.equal({
          slug: s,
          sha256: hash,
          imageId: hash.slice(0, 16),
        });
      }),
    );
  });

  it('refuses keys outside the scheme', () => {
    const hash = 'a'.repeat(64);
    for (const key of [
      `originals/Ana/${hash}`,
      `originals/-ana/${hash}`,
      `originals/ana/${hash}.jpg`,
      `originals/ana/${'a'.repeat(63)}`,
      `originals/ana/../${hash}`,
      `raw/ana/${hash}`,
      `originals/ana/x/${hash}`,
    ]) {
      expect(parseRawKey(key), key).to.equal(undefined);
    }
  });

  it('puts variants at the CDN path', () => {
    expect(variantKey('ana-ink', '0123456789abcdef', 640, 'webp')).to.equal(
      'img/ana-ink/0123456789abcdef/640.webp',
    );
    expect(() => variantKey('ana-ink', '../x', 640, 'webp')).to.throw('Invalid image id ../x');
  });
});
