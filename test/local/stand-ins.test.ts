import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { BUCKETS } from '../../core/store/buckets.ts';
import { TABLE } from '../../core/store/table-schema.ts';
import { DataInUseError, startStandIns } from '../../local/stand-ins.ts';

describe('local stand-ins', () => {
  it('start on free loopback ports, each instance its own, provisioned from the shared definitions', async () => {
    const [a, b] = await Promise.all([startStandIns(), startStandIns()]);
    try {
      const endpoints = [
        a.config.s3Endpoint,
        a.config.dynamodbEndpoint,
        b.config.s3Endpoint,
        b.config.dynamodbEndpoint,
      ];
      for (const endpoint of endpoints) expect(endpoint).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new Set(endpoints).size).to.equal(4);
      for (const bucket of Object.values(BUCKETS)) {
        await a.clients.s3.send(new HeadBucketCommand({ Bucket: bucket.localName }));
      }
      const { Table } = await a.clients.dynamo.send(
        new DescribeTableCommand({ TableName: TABLE.localName }),
      );
      expect(Table?.KeySchema).to.deep.equal([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).to.deep.equal([
        'gsi1',
      ]);
      expect(a.env).to.include({ RAW_BUCKET: 'portfolio-raw', TABLE_NAME: 'portfolio' });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('refuse, with a clear error, data another process has open; and open it once it is free', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'stand-ins-lock-'));
    try {
      const first = await startStandIns({ dataDir });
      let refused: unknown;
      try {
        await startStandIns({ dataDir });
      } catch (error) {
        refused = error;
      } finally {
        await first.stop();
      }
      expect(refused).to.be.instanceOf(DataInUseError);
      expect((refused as Error).message).to.include(`${dataDir} is in use by another process`);
      const again = await startStandIns({ dataDir });
      await again.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('keep their data under DATA_DIR across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'stand-ins-test-'));
    try {
      const first = await startStandIns({ dataDir });
      await first.clients.s3.send(
        new PutObjectCommand({
          Bucket: first.config.rawBucket,
          Key: 'kept.txt',
          Body: 'still here',
        }),
      );
      await first.stop();
      const second = await startStandIns({ dataDir });
      try {
        const object = await second.clients.s3.send(
          new GetObjectCommand({ Bucket: second.config.rawBucket, Key: 'kept.txt' }),
        );
        expect(await object.Body?.transformToString()).to.equal('still here');
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
