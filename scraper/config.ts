// Configuration of the scraper (Fargate task, `npm run scrape`, local runs), read once.
import { z } from 'zod';
import { readEnvConfig } from '../functions/lib/env-config.ts';
import { MAX_INPUT_BYTES } from '../functions/lib/image-settings.ts';

const csv = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );
const httpUrl = (fallback: string) =>
  z.url({ protocol: /^https?$/, error: 'Expected an http(s) URL' }).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const scraperEnv = z
  .object({
    INSTAGRAM_BASE_URL: httpUrl('https://www.instagram.com'),
    INSTAGRAM_GRAPH_BASE_URL: httpUrl('https://graph.facebook.com/v21.0'),
    INSTAGRAM_GRAPH_TOKEN: z.string().min(10, 'Expected a Graph API access token').optional(),
    INSTAGRAM_GRAPH_USER_ID: z
      .string()
      .regex(/^\d+$/, 'Expected the numeric id of an Instagram business account')
      .optional(),
    SCRAPER_ALLOW_PRIVATE_HOSTS: csv,
    SCRAPER_CONTACT_URL: httpUrl(
      'https://github.com/portfolio-pipeline/portfolio-pipeline#contact',
    ),
    SCRAPER_PAGE_BUDGET: positiveInt(30),
    SCRAPER_HOST_DELAY_MS: z.coerce.number().int().min(0).default(1000),
    // Portfolio photos are a few MB; 25 MB leaves room for the largest camera JPEGs.
    SCRAPER_MAX_IMAGE_BYTES: positiveInt(Math.min(MAX_INPUT_BYTES, 25 * 1024 * 1024)),
    SCRAPER_DOWNLOAD_TIMEOUT_MS: positiveInt(30_000),
    SCRAPER_IDLE_TIMEOUT_MS: positiveInt(10_000),
    CHROME_PATH: z.string().optional(),
    CHROME_ARGS: z.string().default(''),
  })
  .refine((env) => Boolean(env.INSTAGRAM_GRAPH_TOKEN) === Boolean(env.INSTAGRAM_GRAPH_USER_ID), {
    message: 'Set both INSTAGRAM_GRAPH_TOKEN and INSTAGRAM_GRAPH_USER_ID, or neither',
    path: ['INSTAGRAM_GRAPH_USER_ID'],
  });

export interface ScraperConfig {
  instagramBaseUrl: string;
  graph?: { baseUrl: string; token: string; userId: string } | undefined;
  allowPrivateHosts: string[];
  /** Sent in the User-Agent, so a site owner can reach us. */
  contactUrl: string;
  pageBudget: number;
  hostDelayMs: number;
  download: { maxBytes: number; timeoutMs: number; idleTimeoutMs: number };
  chromePath?: string | undefined;
  chromeArgs: string[];
}

/**
 * The scraper's configuration from `env`.
 * @throws {ConfigurationError} naming each missing or malformed variable.
 */
export function readScraperConfig(env: NodeJS.ProcessEnv = process.env): ScraperConfig {
  const parsed = readEnvConfig(scraperEnv, env, new Set(['INSTAGRAM_GRAPH_TOKEN']));
  return Object.freeze({
    instagramBaseUrl: parsed.INSTAGRAM_BASE_URL.replace(/\/$/, ''),
    graph:
      parsed.INSTAGRAM_GRAPH_TOKEN && parsed.INSTAGRAM_GRAPH_USER_ID
        ? {
            baseUrl: parsed.INSTAGRAM_GRAPH_BASE_URL.replace(/\/$/, ''),
            token: parsed.INSTAGRAM_GRAPH_TOKEN,
            userId: parsed.INSTAGRAM_GRAPH_USER_ID,
          }
        : undefined,
    allowPrivateHosts: parsed.SCRAPER_ALLOW_PRIVATE_HOSTS,
    contactUrl: parsed.SCRAPER_CONTACT_URL,
    pageBudget: parsed.SCRAPER_PAGE_BUDGET,
    hostDelayMs: parsed.SCRAPER_HOST_DELAY_MS,
    download: {
      maxBytes: parsed.SCRAPER_MAX_IMAGE_BYTES,
      timeoutMs: parsed.SCRAPER_DOWNLOAD_TIMEOUT_MS,
      idleTimeoutMs: parsed.SCRAPER_IDLE_TIMEOUT_MS,
    },
    chromePath: parsed.CHROME_PATH,
    chromeArgs: parsed.CHROME_ARGS.split(/\s+(?=--)/)
      .map((arg) => arg.trim())
      .filter(Boolean),
  });
}

/** The User-Agent of every request: the product, its version and how to reach us. */
export function userAgent(config: Pick<ScraperConfig, 'contactUrl'>): string {
  return `portfolio-pipeline/0.1 (+${config.contactUrl})`;
}

/** The token robots.txt groups are matched against. */
export const ROBOTS_TOKEN = 'portfolio-pipeline';
