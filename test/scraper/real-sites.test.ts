import { expect } from 'chai';
import { type RealSiteScrape, scrapeRealSite } from '../support/real-site-scrape.ts';
import { realSiteNames } from '../support/real-sites.ts';

// Real tattoo artists' and studios' websites (the fixtures' sites/, from the cache `npm run fixtures` fills), served on loopback
// under their own names; nothing is looked up or fetched outside 127.0.0.1.
describe('portfolio discovery on real studio websites', function () {
  this.timeout(600_000);
  const names = realSiteNames();
  const runs = new Map<string, RealSiteScrape>();

  before(async () => {
    for (const name of names) runs.set(name, await scrapeRealSite(name));
  });

  it('reads every site of the corpus', () => {
    expect(names.length).to.be.at.least(8);
    expect([...runs.keys()]).to.deep.equal(names);
  });

  for (const name of names) {
    it(`${name}: at least 90% of the portfolio at full size, every page read`, () => {
      const run = runs.get(name) as RealSiteScrape;
      const { score } = run;
      expect(score.fullSize / score.portfolio, `missed ${score.missed.join(', ')}`).to.be.at.least(
        0.9,
      );
      expect(run.report.errors.filter((e) => !/answered 404/.test(e.reason))).to.deep.equal([]);
    });

    // Only a read of the whole site says which images it no longer shows (what leaves ours).
    it(`${name}: read whole, so an image it takes down leaves the directory`, () => {
      const run = runs.get(name) as RealSiteScrape;
      expect(run.report.sources.map((read) => [read.outcome, read.reason])).to.deep.equal([
        ['ok', undefined],
      ]);
      expect(run.holdings.map((holding) => holding.complete)).to.deep.equal([true]);
      expect(run.holdings[0]?.imageIds.length).to.be.at.least(run.score.fullSize);
    });
  }

  it('barbenoire (a gallery fetched as JSON, lazy images, an IntersectionObserver, paged by a button): one result in five runs', async () => {
    const first = runs.get('barbenoire') as RealSiteScrape;
    expect(first.score.fullSize).to.equal(first.score.portfolio);
    for (let run = 2; run <= 5; run++)
      expect((await scrapeRealSite('barbenoire')).kept, `run ${run}`).to.deep.equal(first.kept);
  });

  it('pooled over the sites: full-size recall and precision of at least 95%', () => {
    const all = [...runs.values()].map((run) => run.score);
    const sum = (pick: (s: (typeof all)[number]) => number) =>
      all.reduce((total, s) => total + pick(s), 0);
    expect(sum((s) => s.fullSize) / sum((s) => s.portfolio)).to.be.at.least(0.95);
    const wrong = all.flatMap((s) => s.wrong);
    expect(
      sum((s) => s.keptPortfolio) / sum((s) => s.kept),
      `kept ${wrong.join(', ')}`,
    ).to.be.at.least(0.95);
  });
});
