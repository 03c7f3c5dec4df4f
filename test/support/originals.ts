// Stores originals in the raw bucket the way the scraper does: content-addressed, with provenance.
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { rawKey } from '../../core/images/object-keys.ts';
import { type Provenance, provenanceToMetadata } from '../../core/images/provenance.ts';
import { imageIdFromSha256 } from '../../core/vocabulary/identifiers.ts';
import type { StandIns } from '../../local/stand-ins.ts';

export interface StoredOriginal {
  key: string;
  imageId: string;
}

export async function putOriginal(
  standIns: StandIns,
  slug: string,
  bytes: Uint8Array,
  provenance: Provenance = { source: 'website' },
): Promise<StoredOriginal> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const key = rawKey(slug, sha256);
  await standIns.clients.s3.send(
    new PutObjectCommand({
      Bucket: standIns.config.rawBucket,
      Key: key,
      Body: bytes,
      Metadata: provenanceToMetadata(provenance),
    }),
  );
  return { key, imageId: imageIdFromSha256(sha256) };
}
