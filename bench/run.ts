// `npm run bench`: every benchmark, one after the other (never two heavy ones at once).
import { benchOptimize } from './optimize.bench.ts';

await benchOptimize();
