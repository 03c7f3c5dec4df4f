// Configuration of the scraper (Fargate task, `npm run scrape`, local runs), read once.
import { z } from 'zod';
import { MAX_INPUT_BYTES } from '../core/images/image-settings.ts';
import { readEnvConfig } from '../core/platform/env-config.ts';
import { httpUrlSchema } from '../core/vocabulary/identifiers.ts';

const csv = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );
const anyHttpUrl = httpUrlSchema;
const httpUrl = (fallback: string) => anyHttpUrl.default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * The Graph API version asked unless INSTAGRAM_GRAPH_VERSION or INSTAGRAM_GRAPH_BASE_URL says
 * otherwise: v25.0, current in late 2026 (Meta retires each version about two years after it
 * ships).
 */
export const GRAPH_API_VERSION = 'v25.0';
const GRAPH_API_HOST = 'https://graph.facebook.com';

const scraperEnv = z
  .object({
    INSTAGRAM_BASE_URL: httpUrl('https://www.instagram.com'),
    /** The whole base, version included (a proxy, a fake in tests). */
    INSTAGRAM_GRAPH_BASE_URL: anyHttpUrl.optional(),
    INSTAGRAM_GRAPH_VERSION: z
      .string()
      .regex(/^v\d+\.\d+$/, 'Expected a Graph API version such as v25.0')
      .optional(),
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
  })
  .refine((env) => !(env.INSTAGRAM_GRAPH_BASE_URL && env.INSTAGRAM_GRAPH_VERSION), {
    message: 'INSTAGRAM_GRAPH_BASE_URL already includes the version: set one of the two',
    path: ['INSTAGRAM_GRAPH_VERSION'],
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

/** Environment variables that hold secrets: read into the configuration, then forgotten. */
const SECRETS = ['INSTAGRAM_GRAPH_TOKEN'] as const;

/**
 * Reads the scraper's configuration from the process environment, then removes the secrets
 * from it: nothing started later (Chromium, a child process) and nothing that dumps the
 * environment sees them; the configuration holds them.
 */
export function takeScraperConfig(env: NodeJS.ProcessEnv = process.env): ScraperConfig {
  const config = readScraperConfig(env);
  for (const name of SECRETS) delete env[name];
  return config;
}

/**
 * The scraper's configuration from `env`.
 * @throws {ConfigurationError} naming each missing or malformed variable.
 */
export function readScraperConfig(env: NodeJS.ProcessEnv = process.env): ScraperConfig {
  const parsed = readEnvConfig(scraperEnv, env, new Set(SECRETS));
  return Object.freeze({
    instagramBaseUrl: parsed.INSTAGRAM_BASE_URL.replace(/\/$/, ''),
    graph:
      parsed.INSTAGRAM_GRAPH_TOKEN && parsed.INSTAGRAM_GRAPH_USER_ID
        ? {
            baseUrl: (
              parsed.INSTAGRAM_GRAPH_BASE_URL ??
              `${GRAPH_API_HOST}/${parsed.INSTAGRAM_GRAPH_VERSION ?? GRAPH_API_VERSION}`
            ).replace(/\/$/, ''),
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
