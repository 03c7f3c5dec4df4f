// Per-artist reports of one ingest run, written by the scraper tasks, summed up at the end.
import { type DynamoDBDocumentClient, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { itemKeys, TABLE } from './table-schema.ts';

export interface ArtistRunReport {
  artist: string;
  status: 'done' | 'failed';
  pages: number;
  found: number;
  stored: number;
  duplicates: number;
  refused: number;
  /** The first images refused, with why. */
  refusedImages: { url: string; reason: string }[];
  robotsBlocked: number;
  /** Images not kept because of an error, not their content. */
  errored: number;
  errors: { url: string; reason: string }[];
}

/** The fields of a stored report that make an ArtistRunReport (the item has keys besides). */
const REPORT_FIELDS = [
  'artist',
  'status',
  'pages',
  'found',
  'stored',
  'duplicates',
  'refused',
  'refusedImages',
  'robotsBlocked',
  'errored',
  'errors',
] as const satisfies readonly (keyof ArtistRunReport)[];

export class RunReports {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Records an artist's report; a retried batch overwrites its earlier attempt. */
  async put(runId: string, report: ArtistRunReport): Promise<void> {
    await this.dynamo.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          [TABLE.partitionKey]: itemKeys.runPk(runId),
          [TABLE.sortKey]: itemKeys.artistPk(report.artist),
          type: 'run-report',
          ...report,
          errors: report.errors.slice(0, 20),
          refusedImages: report.refusedImages.slice(0, 20),
        },
      }),
    );
  }

  async list(runId: string): Promise<ArtistRunReport[]> {
    const reports: ArtistRunReport[] = [];
    const pages = paginateQuery(
      { client: this.dynamo },
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :run',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
        ExpressionAttributeValues: { ':run': itemKeys.runPk(runId) },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const report = Object.fromEntries(
          REPORT_FIELDS.map((field) => [field, item[field]]),
        ) as ArtistRunReport;
        // Reports written before refused and errored images were counted have neither.
        reports.push({
          ...report,
          refusedImages: report.refusedImages ?? [],
          errored: report.errored ?? 0,
        });
      }
    }
    return reports;
  }
}
