// Which original a source URL gave an artist, so a URL seen before is not downloaded again;
// forgotten when that original is found damaged, so the next scrape fetches it afresh.
import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { TableItems } from '../store/table-items.ts';
import { itemKeys, TABLE } from '../store/table-schema.ts';

export class SourceUrls extends TableItems {
  /** The content hash of the original `url` gave this artist, if it was recorded. */
  async get(slug: string, url: string): Promise<string | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(slug, url) }),
    );
    const sha256 = Item?.sha256;
    return typeof sha256 === 'string' ? sha256 : undefined;
  }

  /** Records that `url` gives this artist the original with this content hash. */
  async put(slug: string, url: string, sha256: string): Promise<void> {
    await this.dynamo.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...this.key(slug, url), type: 'source', url, sha256 },
      }),
    );
  }

  /**
   * Forgets every URL that gave this artist the original `sha256`.
   * @returns the URLs forgotten.
   */
  async forget(slug: string, sha256: string): Promise<string[]> {
    const keys: Record<string, string>[] = [];
    const urls: string[] = [];
    const pages = paginateQuery(
      { client: this.dynamo },
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sources)',
        FilterExpression: 'sha256 = :sha256',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey },
        ExpressionAttributeValues: {
          ':pk': itemKeys.sourcesPk(slug),
          ':sources': itemKeys.sourceSkPrefix,
          ':sha256': sha256,
        },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        keys.push({
          [TABLE.partitionKey]: String(item[TABLE.partitionKey]),
          [TABLE.sortKey]: String(item[TABLE.sortKey]),
        });
        urls.push(String(item.url));
      }
    }
    // One DeleteItem each (they are few): the reconciler that calls this may delete, not write.
    for (const Key of keys)
      await this.dynamo.send(new DeleteCommand({ TableName: this.tableName, Key }));
    return urls;
  }

  private key(slug: string, url: string) {
    return {
      [TABLE.partitionKey]: itemKeys.sourcesPk(slug),
      [TABLE.sortKey]: itemKeys.sourceSk(createHash('sha256').update(url).digest('hex')),
    };
  }
}
