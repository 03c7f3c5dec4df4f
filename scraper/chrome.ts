// Finds the Chromium the scraper drives: CHROME_PATH, else the first browser on the PATH.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** Flags for a headless Chromium that does not phone home. */
export const CHROME_BASE_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * The path of the Chromium to run.
 * @throws {Error} saying how to install one or point CHROME_PATH at it, when none is found.
 */
export function findChrome(chromePath: string | undefined, path = process.env.PATH ?? ''): string {
  if (chromePath) {
    if (!isExecutable(chromePath))
      throw new Error(`CHROME_PATH=${chromePath} is not an executable file`);
    return chromePath;
  }
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const name of CANDIDATES) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  throw new Error(
    'No Chromium found: install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROME_PATH',
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
