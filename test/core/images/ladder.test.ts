import { expect } from 'chai';
import fc from 'fast-check';
import {
  LADDER_WIDTHS,
  ladderFor,
  MAX_LADDER_WIDTH,
  MAX_VARIANT_SIDE,
  nearestSlot,
} from '../../../core/images/ladder.ts';

/** Rungs as [slot, width, height]. */
const rungs = (...sizes: [number, number, number][]) =>
  sizes.map(([slot, width, height]) => ({ slot, width, height }));

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
    expect(ladderFor(4032, 3024)).to.deep.equal(
      rungs(
        [160, 160, 120],
        [320, 320, 240],
        [640, 640, 480],
        [960, 960, 720],
        [1280, 1280, 960],
        [1920, 1920, 1440],
      ),
    );
  });

  it('puts a narrower image at its own width in the first slot as wide as it', () => {
    expect(ladderFor(1000, 500)).to.deep.equal(
      rungs([160, 160, 80], [320, 320, 160], [640, 640, 320], [960, 960, 480], [1280, 1000, 500]),
    );
    expect(ladderFor(960, 10)).to.have.length(4);
    expect(ladderFor(2, 2)).to.deep.equal([{ slot: 160, width: 2, height: 2 }]);
  });

  it('leaves out rungs taller than WebP allows', () => {
    expect(ladderFor(400, 40000)).to.deep.equal([{ slot: 160, width: 160, height: 16000 }]);
    expect(ladderFor(100, 40000)).to.deep.equal([]);
  });
});

describe('nearestSlot', () => {
  it('snaps any width to the nearest ladder width, the larger on a tie', () => {
    expect([0, 1, 240, 241, 1599, 1600, 1601, 99999].map(nearestSlot)).to.deep.equal([
      160, 160, 320, 320, 1280, 1920, 1920, 1920,
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (width) => {
        const slot = nearestSlot(width);
        for (const other of LADDER_WIDTHS)
          expect(Math.abs(other - width)).to.be.at.least(Math.abs(slot - width));
      }),
    );
  });
});
