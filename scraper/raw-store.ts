// Stores originals in the raw bucket once, under their content hash, with provenance; and
// remembers which source URL gave which original, so a URL seen before is not downloaded again.
import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SourceFormat } from '../functions/lib/image-sniff.ts';
import { CONTENT_TYPES_BY_SOURCE } from '../functions/lib/image-sniff.ts';
import { rawKey } from '../functions/lib/object-keys.ts';
import { type Provenance, provenanceToMetadata } from '../functions/lib/provenance.ts';
import { itemKeys, TABLE } from '../functions/lib/table-schema.ts';

export type StoreOutcome = { status: 'stored' | 'duplicate'; key: string; sha256: string };

export class RawStore {
  constructor(
    private readonly s3: S3Client,
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly rawBucket: string,
    private readonly tableName: string,
  ) {}

  /** The content hash of what `url` gave this artist before, if it is still stored. */
  async knownSource(slug: string, url: string): Promise<string | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({ TableName: this.tableName, Key: this.sourceKey(slug, url) }),
    );
    const sha256 = Item?.sha256 as string | undefined;
    if (!sha256) return undefined;
    return (await this.exists(rawKey(slug, sha256))) ? sha256 : undefined;
  }

  /**
   * Stores `bytes` under its content hash unless they are there already, then records that
   * `provenance.sourceUrl` gives them.
   */
  async store(
    slug: string,
    bytes: Buffer,
    sha256: string,
    format: SourceFormat,
    provenance: Provenance,
  ): Promise<StoreOutcome> {
    const key = rawKey(slug, sha256);
    let status: StoreOutcome['status'] = 'duplicate';
    if (!(await this.exists(key))) {
      try {
        await this.s3.send(
          new PutObjectCommand({
            Bucket: this.rawBucket,
            Key: key,
            Body: bytes,
            ContentType: CONTENT_TYPES_BY_SOURCE[format],
            Metadata: provenanceToMetadata(provenance),
            // S3 refuses the write if another task stored the same original meanwhile.
            IfNoneMatch: '*',
          }),
        );
        status = 'stored';
      } catch (error) {
        if ((error as Error).name !== 'PreconditionFailed') throw error;
      }
    }
    if (provenance.sourceUrl) {
      await this.dynamo.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.sourceKey(slug, provenance.sourceUrl),
            type: 'source',
            url: provenance.sourceUrl,
            sha256,
          },
        }),
      );
    }
    return { status, key, sha256 };
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.rawBucket, Key: key }));
      return true;
    } catch (error) {
      if ((error as Error).name === 'NotFound') return false;
      throw error;
    }
  }

  private sourceKey(slug: string, url: string) {
    return {
      [TABLE.partitionKey]: itemKeys.artistPk(slug),
      [TABLE.sortKey]: itemKeys.sourceSk(createHash('sha256').update(url).digest('hex')),
    };
  }
}
