import { createRequire } from 'node:module';
import { ListObjectsCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { ArtistRegistry, artistSchema } from '../../core/artists/artists.ts';
import { Takedowns } from '../../core/artists/takedowns.ts';
import { ImageRecords } from '../../core/images/image-records.ts';
import { DEFAULT_INGEST_RETRY, ingestDefinition } from '../../core/ingest/ingest-state-machine.ts';
import { takeDownArtist } from '../../core/operations/takedown.ts';
import { type ImagePipeline, startImagePipeline } from '../../local/image-pipeline.ts';
import { localIngestDefinition, runIngest } from '../../local/ingest-runner.ts';
import { type StandIns, startStandIns } from '../../local/stand-ins.ts';
import type { Scraper } from '../../scraper/scraper-runtime.ts';
import {
  type FixtureSites,
  startFixtureSites,
  threeStudioArtists,
} from '../scraper/fixture-sites.ts';
import { reply } from '../support/fixture-server.ts';
import { loopbackScraper } from '../support/loopback-scraper.ts';

const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: object) => {
  isValid: boolean;
  errorsText: (separator?: string) => string;
};

describe('ingest: the state machine run locally, end to end', function () {
  this.timeout(180_000);
  let sites: FixtureSites;
  let standIns: StandIns;
  let pipeline: ImagePipeline;
  let scraper: Scraper;

  before(async () => {
    sites = await startFixtureSites();
    sites.routes.set('/broken/', reply(500, 'the studio site is down'));
    standIns = await startStandIns();
    pipeline = startImagePipeline(standIns);
    scraper = loopbackScraper();
    const registry = new ArtistRegistry(standIns.clients.dynamo, standIns.config.tableName);
    for (const artist of [
      ...threeStudioArtists(sites.origin),
      { slug: 'di-down', name: 'Di', websites: [`${sites.origin}/broken/`] },
    ]) {
      expect(await registry.add(artistSchema.parse(artist))).to.equal(true);
    }
  });
  after(async () => {
    await scraper.close();
    pipeline.stop();
    await standIns.stop();
    await sites.close();
  });

  it('is a valid ASL definition, JSONPath with an inline Map', () => {
    const definition = localIngestDefinition(5, 2);
    const result = aslValidator(definition);
    expect(result.isValid, result.errorsText()).to.equal(true);
    const json = JSON.stringify(definition);
    expect(json).not.to.include('JSONata');
    expect(json).not.to.include('ItemReader');
    expect(definition.States.ScrapeBatches.ItemProcessor.ProcessorConfig).to.deep.equal({
      Mode: 'INLINE',
    });
  });

  it('runs the deployed definition: only the ARNs differ, the retry policy included', () => {
    const masked = (definition: unknown) =>
      JSON.stringify(definition).replace(/"arn:aws:[^"]*"/g, '"ARN"');
    const local = localIngestDefinition(3, 2);
    const deployed = ingestDefinition({
      planFunctionArn: 'arn:aws:lambda:eu-west-1:222222222222:function:portfolio-plan',
      reconcileFunctionArn: 'arn:aws:lambda:eu-west-1:222222222222:function:portfolio-reconcile',
      summarizeFunctionArn: 'arn:aws:lambda:eu-west-1:222222222222:function:portfolio-summarize',
      scraper: {
        clusterArn: 'arn:aws:ecs:eu-west-1:222222222222:cluster/portfolio',
        taskDefinitionArn: 'arn:aws:ecs:eu-west-1:222222222222:task-definition/scraper:7',
        containerName: 'scraper',
        subnetIds: ['subnet-00000000'],
        securityGroupIds: ['sg-00000000'],
        assignPublicIp: false,
      },
      batchSize: 3,
      maxConcurrency: 2,
      retry: DEFAULT_INGEST_RETRY,
    });
    expect(masked(local)).to.equal(masked(deployed));
  });

  it('scrapes three artists into images; the failing site is reported, not retried with its batch', async () => {
    const attempts: Record<string, number> = {};
    const summary = await runIngest({
      standIns,
      pipeline,
      scraper,
      batchSize: 1,
      retryIntervalMs: 10,
      onArtist: (report, attempt) => {
        attempts[report.artist] = attempt;
      },
    });
    expect(summary.artists).to.deep.equal({ done: 3, failed: 1 });
    expect(summary.originals).to.deep.equal({
      stored: 2 + 3 + 3,
      known: 0,
      refused: 0,
      errored: 0,
    });
    expect(summary.images).to.deep.equal({
      published: 2 + 3 + 3,
      folded: 0,
      refused: 0,
      errored: 0,
      takenOff: 0,
    });
    expect(summary).to.deep.include({ pending: 0, final: true });
    // Everything the optimizer was told of, it recorded: the reconcile step found nothing to do.
    expect(summary.reconciled).to.deep.include({
      artists: 4,
      originals: 8,
      redriven: 0,
      removed: 0,
    });
    expect(summary.failed).to.deep.equal([
      { artist: 'di-down', reason: 'The server answered 500' },
    ]);
    // The artist's failure is its report's; the task (the container) succeeded.
    expect(attempts['di-down']).to.equal(1);
    expect(attempts['ana-lines']).to.equal(1);
    const records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
    for (const [slug, count] of [
      ['ana-lines', 2],
      ['bo-tiles', 3],
      ['cy-press', 3],
    ] as const) {
      expect(await records.listHashes(slug), slug).to.have.length(count);
    }
  });

  it('stores nothing new the second time', async () => {
    const summary = await runIngest({
      standIns,
      pipeline,
      scraper,
      artists: ['ana-lines', 'bo-tiles', 'cy-press'],
      retryIntervalMs: 10,
    });
    expect(summary.artists).to.deep.equal({ done: 3, failed: 0 });
    expect(summary.originals).to.deep.equal({ stored: 0, known: 8, refused: 0, errored: 0 });
    expect(summary.images).to.deep.equal({
      published: 0,
      folded: 0,
      refused: 0,
      errored: 0,
      takenOff: 0,
    });
  });

  it('takes an artist down: no trace in the live buckets and the table', async () => {
    const { clients, config } = standIns;
    const removed = await takeDownArtist(clients, config, 'ana-lines');
    expect(removed).to.deep.include({ originals: 2 });
    expect(removed.variants).to.be.above(2);
    expect(removed.records).to.be.at.least(3); // profile, images, source URLs
    for (const [bucket, prefix] of [
      [config.rawBucket, 'originals/ana-lines/'],
      [config.optimizedBucket, 'img/ana-lines/'],
    ] as const) {
      const { Contents } = await clients.s3.send(
        new ListObjectsCommand({ Bucket: bucket, Prefix: prefix }),
      );
      expect(Contents ?? [], bucket).to.deep.equal([]);
    }
    const { Items } = await clients.dynamo.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'ARTIST#ana-lines' },
      }),
    );
    expect(Items).to.deep.equal([]);
    // What stays is the record that they were taken down, so their pages answer 410.
    const at = await new Takedowns(clients.dynamo, config.tableName).takenDownAt('ana-lines');
    expect(Date.now() - Date.parse(at ?? '')).to.be.within(0, 60_000);
    const registry = new ArtistRegistry(clients.dynamo, config.tableName);
    expect((await registry.list()).map((a) => a.slug)).not.to.include('ana-lines');
    // The other artists keep everything.
    const records = new ImageRecords(clients.dynamo, config.tableName);
    expect(await records.listHashes('bo-tiles')).to.have.length(3);
  });

  it('refuses to run for a slug nobody registered', async () => {
    const error = await runIngest({
      standIns,
      pipeline,
      scraper,
      artists: ['no-such-artist'],
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.include('No artist registered as no-such-artist');
  });
});
