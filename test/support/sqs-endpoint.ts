// SQS cannot run here: a loopback endpoint that answers SendMessageBatch as SQS does (AWS
// JSON 1.0) and keeps what it was sent, for the code that hands work to the optimizer's queue.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentBatch {
  target: string;
  body: { QueueUrl?: string; Entries: { Id: string; MessageBody: string }[] };
}

export interface SqsEndpoint {
  endpoint: string;
  /** A queue URL on this endpoint. */
  queueUrl: string;
  sent: SentBatch[];
  close(): Promise<void>;
}

export async function startSqsEndpoint(): Promise<SqsEndpoint> {
  const sent: SentBatch[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on('end', () => {
      const body = JSON.parse(raw) as SentBatch['body'];
      sent.push({ target: String(req.headers['x-amz-target']), body });
      const md5 = (text: string) => createHash('md5').update(text).digest('hex');
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(
        JSON.stringify({
          Successful: body.Entries.map((entry) => ({
            Id: entry.Id,
            MessageId: `m-${entry.Id}`,
            MD5OfMessageBody: md5(entry.MessageBody),
          })),
          Failed: [],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    queueUrl: `${endpoint}/000000000000/optimizer`,
    sent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
