import { expect } from 'chai';
import { dominantColour } from '../../../core/images/dominant-colour.ts';

const pixel = (r: number, g: number, b: number, a = 255) => [r, g, b, a];

describe('dominantColour', () => {
  it('returns a flat colour exactly', () => {
    expect(
      dominantColour(Uint8Array.from([...pixel(253, 204, 110), ...pixel(253, 204, 110)])),
    ).to.equal('#fdcc6e');
  });

  it('picks the most common colour, averaged within its bin', () => {
    const rgba = Uint8Array.from([
      ...pixel(10, 20, 30),
      ...pixel(200, 0, 0),
      ...pixel(202, 2, 2),
      ...pixel(204, 4, 4),
    ]);
    expect(dominantColour(rgba)).to.equal('#ca0202');
  });

  it('ignores transparent pixels unless every pixel is transparent', () => {
    const mostlyClear = Uint8Array.from([
      ...pixel(0, 0, 0, 0),
      ...pixel(0, 0, 0, 0),
      ...pixel(0, 128, 255),
    ]);
    expect(dominantColour(mostlyClear)).to.equal('#0080ff');
    expect(dominantColour(Uint8Array.from([...pixel(9, 9, 9, 0)]))).to.equal('#090909');
  });
});
