// An image as an optimizer from before AVIF was precomputed left it: WebP variants only and no
// kind, on its record and, when it is the cover, on its artist's profile; no AVIF objects.
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ImageRecords, type OkImageRecord } from '../../core/images/image-records.ts';
import { itemKeys, TABLE } from '../../core/store/table-schema.ts';
import type { StandIns } from '../../local/stand-ins.ts';

/** Turns a shown image into a WebP-only one. @returns its record as it was. */
export async function makeWebpOnly(
  standIns: StandIns,
  slug: string,
  imageId: string,
): Promise<OkImageRecord> {
  const { dynamo, s3 } = standIns.clients;
  const { tableName, optimizedBucket } = standIns.config;
  const full = (await new ImageRecords(dynamo, tableName).get(slug, imageId)) as OkImageRecord;
  const webpOnly = full.variants.filter((variant) => variant.format === 'webp');
  const key = (sk: string) => ({
    [TABLE.partitionKey]: itemKeys.artistPk(slug),
    [TABLE.sortKey]: sk,
  });
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key(itemKeys.imageSk(imageId)),
      UpdateExpression: 'SET variants = :webp REMOVE kind',
      ExpressionAttributeValues: { ':webp': webpOnly },
    }),
  );
  const { Item: profile } = await dynamo.send(
    new GetCommand({ TableName: tableName, Key: key(itemKeys.profileSk) }),
  );
  if ((profile?.cover as OkImageRecord | undefined)?.imageId === imageId) {
    const { kind: _kind, ...legacy } = full;
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(itemKeys.profileSk),
        UpdateExpression: 'SET cover = :legacy',
        ExpressionAttributeValues: { ':legacy': { ...legacy, variants: webpOnly } },
      }),
    );
  }
  for (const variant of full.variants.filter((v) => v.format === 'avif')) {
    await s3.send(new DeleteObjectCommand({ Bucket: optimizedBucket, Key: variant.key }));
  }
  return full;
}
