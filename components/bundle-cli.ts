// `npm run bundle [-- --sharp-architecture x86_64|arm64] [--architecture x86_64|arm64]`: builds
// every Lambda bundle as `pulumi up` would (the sharp functions for the first architecture,
// default x86_64; the others for the second, default arm64) and prints each size against
// Lambda's limit. Exit code 2 for an unknown architecture.
import { parseArgs } from 'node:util';
import {
  type Architecture,
  bundleFunction,
  FUNCTION_SOURCES,
  type FunctionName,
  formatBytes,
  UNZIPPED_LIMIT_BYTES,
} from './function-bundle.ts';

const { values } = parseArgs({
  options: {
    'sharp-architecture': { type: 'string', default: 'x86_64' },
    architecture: { type: 'string', default: 'arm64' },
  },
});
const isArchitecture = (value: string | undefined): value is Architecture =>
  value === 'x86_64' || value === 'arm64';
const sharpArchitecture = values['sharp-architecture'];
const otherArchitecture = values.architecture;
if (!isArchitecture(sharpArchitecture) || !isArchitecture(otherArchitecture)) {
  console.error('Architectures are x86_64 or arm64');
  process.exit(2);
}
for (const name of Object.keys(FUNCTION_SOURCES) as FunctionName[]) {
  const architecture = FUNCTION_SOURCES[name].sharp ? sharpArchitecture : otherArchitecture;
  const bundle = bundleFunction(name, architecture);
  console.log(
    `${name.padEnd(18)} ${architecture.padEnd(7)} code ${formatBytes(bundle.codeBytes).padStart(9)}  total ${formatBytes(bundle.totalBytes).padStart(9)}  (limit ${formatBytes(UNZIPPED_LIMIT_BYTES)} unzipped)  ${bundle.dir}`,
  );
}
