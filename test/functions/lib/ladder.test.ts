import { expect } from 'chai';
import fc from 'fast-check';
import {
  LADDER_WIDTHS,
  ladderFor,
  MAX_LADDER_WIDTH,
  MAX_VARIANT_SIDE,
} from '../../../functions/lib/ladder.ts';

describe('ladderFor', () => {
  it('never upscales, keeps heights at least 1 px, and tops out at min(width, top rung)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20000 }),
        fc.integer({ min: 1, max: 20000 }),
        (width, height) => {
          const rungs = ladderFor(width, height);
          for (const rung of rungs) {
            expect(rung.width).to.be.at.most(width);
            expect(rung.height).to.be.within(1, MAX_VARIANT_SIDE);
            expect([...LADDER_WIDTHS, width]).to.include(rung.width);
          }
          const widths = rungs.map((r) => r.width);
          expect(widths).to.deep.equal([...new Set(widths)].sort((a, b) => a - b));
          if (height * (Math.min(width, MAX_LADDER_WIDTH) / width) <= MAX_VARIANT_SIDE) {
            expect(widths.at(-1)).to.equal(Math.min(width, MAX_LADDER_WIDTH));
          }
        },
      ),
    );
  });

  it('gives a 4032x3024 photo the whole ladder', () => {
    expect(ladderFor(4032, 3024)).to.deep.equal([
      { width: 160, height: 120 },
      { width: 320, height: 240 },
      { width: 640, height: 480 },
      { width: 960, height: 720 },
      { width: 1280, height: 960 },
      { width: 1920, height: 1440 },
    ]);
  });

  it('leaves out rungs taller than WebP allows', () => {
    expect(ladderFor(400, 40000)).to.deep.equal([{ width: 160, height: 16000 }]);
    expect(ladderFor(100, 40000)).to.deep.equal([]);
  });
});
