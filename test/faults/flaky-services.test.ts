// S3 and DynamoDB answering errors and throttling for a share of requests (a fault proxy in
// front of each stand-in), and a source whose image fails twice before it answers: the ingest
// still ends with every image shown, no original without a record, no duplicate record.
import { expect } from 'chai';
import { ArtistRegistry, artistSchema } from '../../core/artists/artists.ts';
import { ImageRecords } from '../../core/images/image-records.ts';
import { RAW_PREFIX } from '../../core/images/object-keys.ts';
import { createAwsClients } from '../../core/platform/aws-clients.ts';
import { listObjects } from '../../core/store/object-store.ts';
import { type ImagePipeline, startImagePipeline } from '../../local/image-pipeline.ts';
import { runIngest } from '../../local/ingest-runner.ts';
import { reconcileLocally } from '../../local/reconcile-runner.ts';
import { type StandIns, startStandIns } from '../../local/stand-ins.ts';
import type { Scraper } from '../../scraper/scraper-runtime.ts';
import {
  type FixtureSites,
  photo,
  startFixtureSites,
  threeStudioArtists,
} from '../scraper/fixture-sites.ts';
import {
  DYNAMODB_FAULTS,
  type FaultProxy,
  S3_FAULTS,
  startFaultProxy,
} from '../support/fault-proxy.ts';
import { reply } from '../support/fixture-server.ts';
import { loopbackScraper } from '../support/loopback-scraper.ts';

describe('faults: S3 and DynamoDB failing and throttling, a source failing for a while', function () {
  this.timeout(180_000);
  let sites: FixtureSites;
  let standIns: StandIns;
  let flaky: StandIns;
  let proxies: FaultProxy[];
  let pipeline: ImagePipeline;
  let scraper: Scraper;
  let flakyImageAnswers = 0;

  before(async () => {
    sites = await startFixtureSites();
    const image = await photo(77);
    sites.routes.set(
      '/flaky/',
      reply(
        200,
        '<html><body><img src="/flaky/photo.jpg" width="600" height="800"></body></html>',
        {
          'content-type': 'text/html',
        },
      ),
    );
    sites.routes.set('/flaky/photo.jpg', (_req, res) => {
      flakyImageAnswers++;
      if (flakyImageAnswers <= 2) res.writeHead(500).end('busy');
      else res.writeHead(200, { 'content-type': 'image/jpeg' }).end(image);
    });
    standIns = await startStandIns();
    const s3 = standIns.config.s3Endpoint as string;
    const dynamodb = standIns.config.dynamodbEndpoint as string;
    // Every fifth request fails: each retry of the SDK's own policy then goes through.
    proxies = [
      await startFaultProxy(s3, S3_FAULTS, 5),
      await startFaultProxy(dynamodb, DYNAMODB_FAULTS, 5),
    ];
    const config = {
      ...standIns.config,
      s3Endpoint: proxies[0]?.endpoint,
      dynamodbEndpoint: proxies[1]?.endpoint,
    };
    flaky = { ...standIns, config, clients: createAwsClients(config) };
    pipeline = startImagePipeline(flaky, { redeliveryDelayMs: 50 });
    scraper = loopbackScraper();
    const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
    for (const artist of [
      ...threeStudioArtists(sites.origin),
      { slug: 'ed-flaky', name: 'Ed', websites: [`${sites.origin}/flaky/`] },
    ]) {
      await registry.add(artistSchema.parse(artist));
    }
  });
  after(async () => {
    await scraper.close();
    pipeline.stop();
    flaky.clients.s3.destroy();
    flaky.clients.dynamo.destroy();
    for (const proxy of proxies) await proxy.close();
    await standIns.stop();
    await sites.close();
  });

  it('shows every image, each original once with one record', async () => {
    const summary = await runIngest({ standIns: flaky, pipeline, scraper, retryIntervalMs: 10 });
    expect(summary.artists, JSON.stringify(summary.failed)).to.deep.equal({ done: 4, failed: 0 });
    expect(summary.images.published).to.equal(2 + 3 + 3 + 1);
    // The source failed twice, then answered: the download's own retries took it.
    expect(flakyImageAnswers).to.equal(3);
    for (const proxy of proxies) expect(proxy.faults()).to.be.above(5);

    // Read past the proxies: what the stand-ins hold.
    const records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
    for (const [slug, count] of [
      ['ana-lines', 2],
      ['bo-tiles', 3],
      ['cy-press', 3],
      ['ed-flaky', 1],
    ] as const) {
      const originals = await listObjects(
        standIns.clients.s3,
        standIns.config.rawBucket,
        `${RAW_PREFIX}${slug}/`,
      );
      const states = await records.listStates(slug, () => {});
      expect(originals, slug).to.have.length(count);
      expect(states.map((s) => s.rawKey).sort(), slug).to.deep.equal(
        originals.map((o) => o.key).sort(),
      );
      expect(
        states.every((s) => s.status === 'ok'),
        slug,
      ).to.equal(true);
    }
    const direct = startImagePipeline(standIns);
    const findings = await reconcileLocally(standIns, direct).finally(() => direct.stop());
    expect(findings).to.deep.include({ redriven: 0, removed: 0, recordsWithoutOriginal: 0 });
  });
});
