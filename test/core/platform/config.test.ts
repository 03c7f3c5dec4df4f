import { expect } from 'chai';
import { readFunctionsConfig } from '../../../core/platform/config.ts';
import { ConfigurationError } from '../../../core/platform/env-config.ts';

describe('functions configuration', () => {
  it('reads a complete environment', () => {
    const config = readFunctionsConfig({
      RAW_BUCKET: 'raw-1',
      OPTIMIZED_BUCKET: 'opt-1',
      TABLE_NAME: 'table-1',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
    });
    expect(config).to.deep.equal({
      region: 'us-east-1',
      rawBucket: 'raw-1',
      optimizedBucket: 'opt-1',
      tableName: 'table-1',
      s3Endpoint: 'http://127.0.0.1:9000',
      dynamodbEndpoint: undefined,
    });
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('never repeats a secret in an error', async () => {
    const { readScraperConfig } = await import('../../../scraper/config.ts');
    expect(() => readScraperConfig({ INSTAGRAM_GRAPH_TOKEN: 'EAAGsecret-token-value' })).to.throw(
      'Invalid configuration:\n  INSTAGRAM_GRAPH_USER_ID: Set both INSTAGRAM_GRAPH_TOKEN and INSTAGRAM_GRAPH_USER_ID, or neither; received nothing (unset)',
    );
    expect(() =>
      readScraperConfig({ INSTAGRAM_GRAPH_TOKEN: 'short', INSTAGRAM_GRAPH_USER_ID: '1' }),
    ).to.throw(
      'Invalid configuration:\n  INSTAGRAM_GRAPH_TOKEN: Expected a Graph API access token; received a value (hidden)',
    );
  });

  it('takes the token out of the environment once the configuration holds it', async () => {
    const { takeScraperConfig } = await import('../../../scraper/config.ts');
    const env: NodeJS.ProcessEnv = {
      INSTAGRAM_GRAPH_TOKEN: 'EAAGsecret-token-value',
      INSTAGRAM_GRAPH_USER_ID: '17841400000000000',
    };
    const config = takeScraperConfig(env);
    expect(config.graph?.token).to.equal('EAAGsecret-token-value');
    expect(env).to.deep.equal({ INSTAGRAM_GRAPH_USER_ID: '17841400000000000' });
  });

  it('starts Chromium with an allowlisted environment: no token, no AWS credentials', async () => {
    const { chromeEnvironment } = await import('../../../scraper/web/chrome.ts');
    expect(
      chromeEnvironment({
        PATH: '/usr/bin',
        HOME: '/home/scraper',
        TZ: 'UTC',
        INSTAGRAM_GRAPH_TOKEN: 'EAAGsecret-token-value',
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc',
        AWS_SECRET_ACCESS_KEY: 'secret',
        TABLE_NAME: 'portfolio',
        PORTFOLIO_TRACE_RUN: 'run-1',
      }),
    ).to.deep.equal({
      PATH: '/usr/bin',
      HOME: '/home/scraper',
      TZ: 'UTC',
      PORTFOLIO_TRACE_RUN: 'run-1',
    });
  });

  it('names every bad variable at once, with what it expected and what it found', () => {
    let error: unknown;
    try {
      readFunctionsConfig({
        RAW_BUCKET: 'x',
        TABLE_NAME: '',
        S3_ENDPOINT: 'ftp://host',
        OPTIMIZED_BUCKET: 'ok-bucket',
      });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).to.deep.equal([
      'RAW_BUCKET: Expected a name of at least 3 characters; received "x"',
      'TABLE_NAME: Invalid input: expected string, received undefined; received nothing (unset)',
      'S3_ENDPOINT: Expected an http(s) URL; received "ftp://host"',
    ]);
    expect((error as Error).message).to.equal(
      `Invalid configuration:\n  ${(error as ConfigurationError).problems.join('\n  ')}`,
    );
  });
});
