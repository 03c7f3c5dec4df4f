// The scraper as the tests run it: it may reach fixture servers on 127.0.0.1 and nothing else,
// without politeness delays, and Chromium resolves no name but loopback (it tries Google hosts
// at start even with background networking off).
import { readScraperConfig } from '../../scraper/config.ts';
import { createScraper, type Scraper } from '../../scraper/scraper-runtime.ts';

/** Chromium's own background requests stay on loopback. */
export const LOOPBACK_CHROME_ARGS = '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1';

/** The scraper's environment for a test (child processes get it as their environment). */
export const LOOPBACK_SCRAPER_ENV = {
  SCRAPER_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
  SCRAPER_HOST_DELAY_MS: '0',
  CHROME_ARGS: LOOPBACK_CHROME_ARGS,
} as const;

/** A scraper for fixture servers on loopback. */
export function loopbackScraper(): Scraper {
  return createScraper(readScraperConfig(LOOPBACK_SCRAPER_ENV));
}
