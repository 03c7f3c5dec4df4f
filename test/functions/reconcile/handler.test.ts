// The Reconcile step's Lambda entry, on the real stand-ins: the run's batches in, findings
// out, and each original to redo sent to the optimizer's queue as an S3 notification (to a
// loopback SQS endpoint); the images taken off dropped from CloudFront (a loopback endpoint).
import type { SQSEvent } from 'aws-lambda';
import { expect } from 'chai';
import { takenOffPaths } from '../../../core/edge/edge-invalidation.ts';
import { ImageRecords } from '../../../core/images/image-records.ts';
import { processRawObject } from '../../../core/optimizer/process-raw-object.ts';
import { processSqsBatch } from '../../../core/optimizer/sqs-batch.ts';
import { silentLogger } from '../../../core/platform/logger.ts';
import { SourceHoldings } from '../../../core/sources/source-holdings.ts';
import { processDependencies } from '../../../functions/process-image/dependencies.ts';
import { handler } from '../../../functions/reconcile/handler.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';
import { photo } from '../../scraper/fixture-sites.ts';
import {
  type CloudFrontEndpoint,
  startCloudFrontEndpoint,
} from '../../support/cloudfront-endpoint.ts';
import { putOriginal } from '../../support/originals.ts';
import { type SqsEndpoint, startSqsEndpoint } from '../../support/sqs-endpoint.ts';

describe('reconcile handler (Lambda entry)', () => {
  let standIns: StandIns;
  let sqs: SqsEndpoint;
  let cloudfront: CloudFrontEndpoint;
  const saved = { ...process.env };

  before(async () => {
    standIns = await startStandIns();
    sqs = await startSqsEndpoint();
    cloudfront = await startCloudFrontEndpoint();
    Object.assign(process.env, standIns.env, {
      OPTIMIZER_QUEUE_URL: sqs.queueUrl,
      SQS_ENDPOINT: sqs.endpoint,
      DISTRIBUTION_ID: 'E2QWRUHEXAMPLE',
      CLOUDFRONT_ENDPOINT: cloudfront.endpoint,
      RECONCILE_GRACE_SECONDS: '0',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
  });
  after(async () => {
    process.env = saved;
    await sqs.close();
    await cloudfront.close();
    await standIns.stop();
  });

  it('sends each original without a record to the queue, and the optimizer takes the messages', async () => {
    const a = await putOriginal(standIns, 'ana', await photo(1));
    const b = await putOriginal(standIns, 'ana', await photo(3));
    const findings = await handler({
      runId: 'run-1',
      batches: [[{ slug: 'ana', websites: [] }], [{ slug: 'bo', websites: [] }]],
    });
    expect(findings).to.deep.include({ artists: 2, originals: 2, redriven: 2 });
    expect(sqs.sent.map((s) => s.target)).to.deep.equal(['AmazonSQS.SendMessageBatch']);
    const entries = sqs.sent[0]?.body.Entries ?? [];
    expect(sqs.sent[0]?.body.QueueUrl).to.match(/\/000000000000\/optimizer$/);

    // The messages are what the optimizer consumes: it records both originals.
    const records = new ImageRecords(standIns.clients.dynamo, standIns.config.tableName);
    const event = {
      Records: entries.map((entry, n) => ({ messageId: String(n), body: entry.MessageBody })),
    } as unknown as SQSEvent;
    const response = await processSqsBatch(
      processDependencies(standIns.clients, standIns.config, { logger: silentLogger() }),
      event,
      { concurrency: 1 },
    );
    expect(response.batchItemFailures).to.deep.equal([]);
    expect(await records.get('ana', a.imageId)).to.deep.include({ status: 'ok' });
    expect(await records.get('ana', b.imageId)).to.deep.include({ status: 'ok' });
  });

  it('asks CloudFront to drop the images of an artist whose source no longer shows some', async () => {
    const optimizer = processDependencies(standIns.clients, standIns.config, {
      logger: silentLogger(),
    });
    const [gone, stays] = [
      await putOriginal(standIns, 'cy', await photo(5)),
      await putOriginal(standIns, 'cy', await photo(6)),
    ];
    for (const original of [gone, stays]) await processRawObject(optimizer, original.key);
    const holdings = new SourceHoldings(standIns.clients.dynamo, standIns.config.tableName);
    const read = (images: { imageId: string }[]) =>
      holdings.record('cy', {
        source: 'website',
        id: 'https://cy.example/',
        attemptedAt: new Date().toISOString(),
        imageIds: images.map((image) => image.imageId),
        complete: true,
      });
    await read([gone, stays]);
    await read([stays]);
    const findings = await handler({
      runId: 'run-3',
      batches: [[{ slug: 'cy', websites: ['https://cy.example/'] }]],
    });
    expect(findings).to.deep.include({ takenOff: 1 });
    expect(cloudfront.invalidations.map((request) => request.path)).to.deep.equal([
      '/2020-05-31/distribution/E2QWRUHEXAMPLE/invalidation',
    ]);
    // One invalidation per run: the artist's images, and the API pages that list them.
    expect(cloudfront.invalidations[0]?.body).to.include('<Path>/img/cy/*</Path>');
    expect(cloudfront.invalidations[0]?.body).to.include('<Path>/api/artists*</Path>');
    // Many artists at once: all images, within CloudFront's limit of wildcard paths.
    const many = Array.from({ length: 20 }, (_, k) => `artist-${k}`);
    expect(takenOffPaths(many)).to.deep.equal(['/img/*', '/api/artists*']);
  });

  it('refuses an input that is not the run batches, naming the problem', async () => {
    const error = await handler({ runId: 'run-2', batches: 'all' }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.include('batches');
  });
});
