// `npm run fixtures`: fills .cache/fixtures/ (what the tests read) from PORTFOLIO_FIXTURES_DIR,
// else ../shared/fixtures, else the archive at PORTFOLIO_FIXTURES_URL, checking every file
// against test/fixtures/fixtures.lock.json. `npm run fixtures -- --lock <dir>` writes the lock
// from a folder laid out like ../shared/fixtures (when the fixtures change). Exit code 1 when
// files differ or cannot be had (each named), 2 for a usage error.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CACHE_DIR,
  FixturesError,
  fillCache,
  LOCK_FILE,
  lockOf,
  sourceFromEnv,
} from './fixtures.ts';

const USAGE = 'Usage: npm run fixtures [-- --lock <fixtures folder>]';
const say = (line: string) => process.stderr.write(`${line}\n`);

export async function main(argv: string[]): Promise<number> {
  let lockFrom: string | undefined;
  try {
    ({
      values: { lock: lockFrom },
    } = parseArgs({ args: argv, options: { lock: { type: 'string' } } }));
  } catch (error) {
    say(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    if (lockFrom) {
      const lock = await lockOf(resolve(lockFrom));
      await writeFile(LOCK_FILE, `${JSON.stringify(lock, null, 2)}\n`);
      say(`Locked ${lock.files.length} files of ${lockFrom} in ${LOCK_FILE}`);
      return 0;
    }
    const result = await fillCache(sourceFromEnv(), { log: say });
    say(
      `Fixtures ready in ${CACHE_DIR}: ${result.copied} copied, ${result.kept} already there (from ${result.from})`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof FixturesError)) throw error;
    say(error.message);
    return 1;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
