import { expect } from 'chai';
import sharp from 'sharp';
import { flatShare, imageKind } from '../../../core/images/image-kind.ts';
import { flashJpeg } from '../../../local/demo/flash.ts';
import { corpusFile } from '../../support/corpus.ts';

/** Real photographs of the corpus: camera and phone photos, a concert, a landscape. */
const PHOTOS = [
  '2569067123_aca715a2ee_o.jpg',
  '42_IndexError.jpg',
  'iphone_hdr_NO.jpg',
  'HMD_Nokia_8.3_5G.jpg',
  'concert.jpg',
  'Landscape_3.jpg',
  'xmp_test.jpg',
];

describe('image kind, told from the pixels', () => {
  it('takes flash sheets (flat colour, hard outlines, as JPEG) for drawings', async () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100]) {
      const share = await flatShare(sharp(await flashJpeg(n)));
      expect(share, `sheet ${n}`).to.be.above(0.55);
      expect(await imageKind(sharp(await flashJpeg(n)))).to.equal('drawing');
    }
  });

  it('takes real photographs for photos, dark and bright ones included', async () => {
    for (const file of PHOTOS) {
      const share = await flatShare(sharp(corpusFile(file)));
      expect(share, file).to.be.below(0.3);
      expect(await imageKind(sharp(corpusFile(file))), file).to.equal('photo');
    }
  });

  it('counts neither flat black nor flat white as drawing', async () => {
    for (const background of ['#000000', '#ffffff']) {
      const flat = sharp({ create: { width: 400, height: 300, channels: 3, background } }).png();
      expect(await flatShare(sharp(await flat.toBuffer())), background).to.equal(0);
    }
    const paper = sharp({
      create: { width: 400, height: 300, channels: 3, background: '#f4ead5' },
    }).png();
    expect(await flatShare(sharp(await paper.toBuffer()))).to.equal(1);
  });
});
