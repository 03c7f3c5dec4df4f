// Run reports on the DynamoDB stand-in: written per artist by the scraper tasks, read back by
// the Summarize step through the one schema of their shape.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { RunReports } from '../../../core/ingest/run-reports.ts';
import { itemKeys, TABLE } from '../../../core/store/table-schema.ts';
import { type StandIns, startStandIns } from '../../../local/stand-ins.ts';
import { emptyReport } from '../../../scraper/scrape-artist.ts';

describe('run reports', () => {
  let standIns: StandIns;
  let reports: RunReports;

  before(async () => {
    standIns = await startStandIns();
    reports = new RunReports(standIns.clients.dynamo, standIns.config.tableName);
  });
  after(async () => {
    await standIns.stop();
  });

  const putItem = (item: Record<string, unknown>) =>
    standIns.clients.dynamo.send(
      new PutCommand({ TableName: standIns.config.tableName, Item: item }),
    );

  it('keeps what a run needs of a batch report, and reads an older report with its defaults; a malformed one is left out', async () => {
    await reports.put('run-a', {
      ...emptyReport('ana-ink'),
      status: 'done',
      pages: 3,
      found: 5,
      stored: 4,
      refusedBy: { 'file-too-large': 1 },
      refused: 1,
      refusedImages: [{ url: 'https://ana.example/huge.jpg', reason: 'too large' }],
    });
    // Written before refused and errored images were counted.
    await putItem({
      [TABLE.partitionKey]: itemKeys.runPk('run-a'),
      [TABLE.sortKey]: itemKeys.artistPk('bo-lines'),
      artist: 'bo-lines',
      status: 'failed',
      pages: 1,
      found: 0,
      stored: 0,
      duplicates: 0,
      refused: 0,
      robotsBlocked: 0,
      errors: [{ url: 'https://bo.example/', reason: 'The server answered 500' }],
    });
    await putItem({
      [TABLE.partitionKey]: itemKeys.runPk('run-a'),
      [TABLE.sortKey]: itemKeys.artistPk('cy-broken'),
      artist: 'cy-broken',
      status: 'maybe',
    });
    const read = await reports.list('run-a');
    expect(read.map((r) => r.artist)).to.deep.equal(['ana-ink', 'bo-lines']);
    expect(read[0]).to.deep.equal({
      artist: 'ana-ink',
      status: 'done',
      pages: 3,
      found: 5,
      stored: 4,
      duplicates: 0,
      refused: 1,
      robotsBlocked: 0,
      errors: [],
      refusedImages: [{ url: 'https://ana.example/huge.jpg', reason: 'too large' }],
      errored: 0,
    });
    expect(read[1]).to.include({ artist: 'bo-lines', status: 'failed', errored: 0 });
    expect(read[1]?.refusedImages).to.deep.equal([]);
  });
});
