// What every Crawlee crawler of the scraper shares: nothing kept on disk, no log of its own,
// and one shape for a page that failed.
import { Configuration, log } from '@crawlee/basic';

/** Each crawler's Crawlee configuration: nothing kept on disk. */
export const crawlerConfiguration = () =>
  new Configuration({ persistStorage: false, purgeOnStart: true });

/**
 * Each crawler's own logger, off: the scraper reports what happened itself. Given to each
 * crawler (and so to its pools), never set on Crawlee's global log. (Configuration's
 * `logLevel` would set the global one, and ignores OFF, which is 0.)
 */
export const quietLog = () => log.child({ prefix: 'scraper', level: log.LEVELS.OFF });

/** Called with a page that failed for good (its retries spent). */
export type Failed = (context: { request: { url: string } }, error: Error) => void;
