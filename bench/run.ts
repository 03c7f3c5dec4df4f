// `npm run bench`: every benchmark, one after the other (never two heavy ones at once).
// `npm run bench -- resize` runs only the named ones.
import { benchApi } from './api.bench.ts';
import { benchCost } from './cost.bench.ts';
import { benchDiscovery } from './discovery.bench.ts';
import { benchOptimize } from './optimize.bench.ts';
import { benchQuality } from './quality.bench.ts';
import { benchResize } from './resize.bench.ts';
import { benchScrape } from './scrape.bench.ts';
import { benchSite } from './site.bench.ts';

const benches: Record<string, () => Promise<void>> = {
  optimize: benchOptimize,
  resize: benchResize,
  scrape: benchScrape,
  discovery: benchDiscovery,
  api: benchApi,
  site: benchSite,
  quality: benchQuality,
  cost: benchCost,
};
const chosen = process.argv.slice(2);
for (const name of chosen.length > 0 ? chosen : Object.keys(benches)) {
  const bench = benches[name];
  if (!bench) {
    console.error(`No benchmark named ${name}; there are: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  await bench();
}
