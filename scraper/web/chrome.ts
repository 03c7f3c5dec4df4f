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

/** What Chromium needs of the environment to run: locale, time zone, temporary files, fonts. */
const CHROME_ENVIRONMENT = [
  'PATH',
  'HOME',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_RUNTIME_DIR',
  'FONTCONFIG_PATH',
  'FONTCONFIG_FILE',
];

/** Variables a supervisor sets to find every process of a run (tests do); they carry no secret. */
const TRACE_PREFIX = 'PORTFOLIO_TRACE_';

/**
 * The environment Chromium is started with: an allowlist, never the scraper's own. A renderer
 * compromised by a hostile page must find no token (INSTAGRAM_GRAPH_TOKEN) and no way to the
 * task's credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, AWS_*) in its process.
 */
export function chromeEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (CHROME_ENVIRONMENT.includes(name) || name.startsWith(TRACE_PREFIX)) kept[name] = value;
  }
  return kept;
}

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
