// Stores originals in the raw bucket once, under their content hash, with provenance; and
// remembers which source URL gave which original, so a URL seen before is not downloaded again.
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SourceFormat } from '../functions/lib/image-sniff.ts';
import { CONTENT_TYPES_BY_SOURCE } from '../functions/lib/image-sniff.ts';
import { rawKey } from '../functions/lib/object-keys.ts';
import { type Provenance, provenanceToMetadata } from '../functions/lib/provenance.ts';
import { SourceUrls } from '../functions/lib/source-urls.ts';

export type StoreOutcome = { status: 'stored' | 'duplicate'; key: string; sha256: string };

export class RawStore {
  private readonly sources: SourceUrls;

  constructor(
    private readonly s3: S3Client,
    dynamo: DynamoDBDocumentClient,
    private readonly rawBucket: string,
    tableName: string,
  ) {
    this.sources = new SourceUrls(dynamo, tableName);
  }

  /** The content hash of what `url` gave this artist before, if it is still stored. */
  async knownSource(slug: string, url: string): Promise<string | undefined> {
    const sha256 = await this.sources.get(slug, url);
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
    const storedSize = await this.storedSize(key);
    if (storedSize !== bytes.length) {
      // A stored object of another size is not these bytes (a write cut short): replacing it
      // with the bytes its key names is safe whoever else writes them.
      const damaged = storedSize !== undefined;
      try {
        await this.s3.send(
          new PutObjectCommand({
            Bucket: this.rawBucket,
            Key: key,
            Body: bytes,
            ContentType: CONTENT_TYPES_BY_SOURCE[format],
            Metadata: provenanceToMetadata(provenance),
            // S3 checks the bytes it received against the hash the key names.
            ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
            // S3 refuses the write if another task stored the same original meanwhile.
            ...(!damaged && { IfNoneMatch: '*' }),
          }),
        );
        status = 'stored';
      } catch (error) {
        if ((error as Error).name !== 'PreconditionFailed') throw error;
      }
    }
    if (provenance.sourceUrl) await this.sources.put(slug, provenance.sourceUrl, sha256);
    return { status, key, sha256 };
  }

  private async exists(key: string): Promise<boolean> {
    return (await this.storedSize(key)) !== undefined;
  }

  /** The size of the object stored under `key`, or undefined when there is none. */
  private async storedSize(key: string): Promise<number | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.rawBucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if ((error as Error).name === 'NotFound') return undefined;
      throw error;
    }
  }
}
