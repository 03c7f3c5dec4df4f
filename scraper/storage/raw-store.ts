// Stores originals in the raw bucket once, under their content hash, with provenance; and
// remembers which source URL gave which original, so a URL seen before is not downloaded again.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SourceFormat } from '../../core/images/image-sniff.ts';
import { CONTENT_TYPES_BY_SOURCE } from '../../core/images/image-sniff.ts';
import { rawKey } from '../../core/images/object-keys.ts';
import { type Provenance, provenanceToMetadata } from '../../core/images/provenance.ts';
import {
  type HoldingOutcome,
  type SourceHolding,
  SourceHoldings,
} from '../../core/sources/source-holdings.ts';
import { type SourceRead, SourceSyncs } from '../../core/sources/source-syncs.ts';
import { SourceUrls } from '../../core/sources/source-urls.ts';

export type StoreOutcome = { status: 'stored' | 'duplicate'; key: string; sha256: string };

export class RawStore {
  private readonly sources: SourceUrls;
  private readonly syncs: SourceSyncs;
  private readonly holdings: SourceHoldings;

  constructor(
    private readonly s3: S3Client,
    dynamo: DynamoDBDocumentClient,
    private readonly rawBucket: string,
    tableName: string,
  ) {
    this.sources = new SourceUrls(dynamo, tableName);
    this.syncs = new SourceSyncs(dynamo, tableName);
    this.holdings = new SourceHoldings(dynamo, tableName);
  }

  /** Keeps how a source was read this time (and when it was last read successfully). */
  async recordSync(slug: string, read: SourceRead): Promise<void> {
    await this.syncs.record(slug, read);
  }

  /** Keeps which images a source showed this time (see SourceHoldings.record). */
  async recordHolding(slug: string, holding: SourceHolding): Promise<HoldingOutcome> {
    return this.holdings.record(slug, holding);
  }

  /**
   * The content hash of what `url` gave this artist before. The source records are the
   * scraper's whole memory: whoever removes an original (reconcile, a takedown) forgets its
   * sources first, so the task needs no read of the bucket, nor a listing of it.
   */
  async knownSource(slug: string, url: string): Promise<string | undefined> {
    return this.sources.get(slug, url);
  }

  /**
   * Stores `bytes` under its content hash unless they are there already, then records that
   * `provenance.sourceUrl` gives them. One conditional write decides, so the task's role
   * needs s3:PutObject only: a compromised scraper can neither read nor list the originals,
   * nor overwrite one.
   */
  async store(
    slug: string,
    bytes: Buffer,
    sha256: string,
    format: SourceFormat,
    provenance: Provenance,
  ): Promise<StoreOutcome> {
    const key = rawKey(slug, sha256);
    let status: StoreOutcome['status'] = 'stored';
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
          // S3 refuses the write when the key holds an object: stored before, by this task or
          // another. (A damaged one is the reconcile step's to remove, sources first.)
          IfNoneMatch: '*',
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'PreconditionFailed') throw error;
      status = 'duplicate';
    }
    if (provenance.sourceUrl) await this.sources.put(slug, provenance.sourceUrl, sha256);
    return { status, key, sha256 };
  }
}
