// `npm run redrive -- --aws`: SQS's own redrive of the dead-letter queue, followed to its end.
// SQS cannot run here: its client's `send` is replaced by one that answers as SQS does.
import {
  ListMessageMoveTasksCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { expect } from 'chai';
import { redriveDeadLetters } from '../../../core/operations/redrive.ts';

const DLQ = 'arn:aws:sqs:eu-central-1:111111111111:portfolio-dlq';

function fakeSqs(statuses: { Status: string; moved: number; FailureReason?: string }[]) {
  const sent: unknown[] = [];
  const sqs = {
    send: async (command: unknown) => {
      sent.push(command);
      if (command instanceof StartMessageMoveTaskCommand) return { TaskHandle: 'task-1' };
      if (command instanceof ListMessageMoveTasksCommand) {
        const next = statuses.shift() ?? { Status: 'COMPLETED', moved: 3 };
        return {
          Results: [
            {
              TaskHandle: 'task-1',
              Status: next.Status,
              ApproximateNumberOfMessagesMoved: next.moved,
              ApproximateNumberOfMessagesToMove: 3,
              FailureReason: next.FailureReason,
            },
          ],
        };
      }
      throw new Error(`unexpected ${String(command)}`);
    },
  } as unknown as Pick<SQSClient, 'send'>;
  return { sqs, sent };
}

describe('redrive: the optimizer dead-letter queue back to its source queue', () => {
  it('starts a message move task from the DLQ and follows it until it completes', async () => {
    const { sqs, sent } = fakeSqs([
      { Status: 'RUNNING', moved: 1 },
      { Status: 'COMPLETED', moved: 3 },
    ]);
    const lines: string[] = [];
    const outcome = await redriveDeadLetters(sqs, DLQ, (line) => lines.push(line), 1);
    expect(outcome).to.deep.equal({ status: 'COMPLETED', moved: 3, toMove: 3 });
    const start = sent[0] as StartMessageMoveTaskCommand;
    // No destination: SQS moves the messages back to the queue they were dead-lettered from.
    expect(start.input).to.deep.equal({ SourceArn: DLQ });
    expect(lines).to.include('  1 of 3 messages moved');
  });

  it('reports a task that failed with its reason', async () => {
    const { sqs } = fakeSqs([{ Status: 'FAILED', moved: 0, FailureReason: 'AccessDenied' }]);
    const outcome = await redriveDeadLetters(sqs, DLQ, () => {}, 1);
    expect(outcome).to.deep.include({ status: 'FAILED', failureReason: 'AccessDenied' });
  });
});
