// Redrives the optimizer's dead-letter queue into its source queue through SQS's own redrive
// (a message move task), and follows the task to its end.
import {
  ListMessageMoveTasksCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';

export interface RedriveOutcome {
  status: string;
  moved: number;
  toMove: number | undefined;
  failureReason?: string;
}

/**
 * Starts moving every message of the dead-letter queue `deadLetterQueueArn` back to the queue
 * it came from, and waits for the move to end, telling `progress` as it goes.
 */
export async function redriveDeadLetters(
  sqs: Pick<SQSClient, 'send'>,
  deadLetterQueueArn: string,
  progress: (line: string) => void,
  pollMs = 5000,
): Promise<RedriveOutcome> {
  const { TaskHandle } = await sqs.send(
    new StartMessageMoveTaskCommand({ SourceArn: deadLetterQueueArn }),
  );
  progress(`Redriving ${deadLetterQueueArn} into its source queue (task ${TaskHandle ?? '?'})`);
  for (;;) {
    const { Results } = await sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: deadLetterQueueArn, MaxResults: 1 }),
    );
    const task = Results?.find((result) => result.TaskHandle === TaskHandle) ?? Results?.[0];
    const outcome: RedriveOutcome = {
      status: task?.Status ?? 'UNKNOWN',
      moved: task?.ApproximateNumberOfMessagesMoved ?? 0,
      toMove: task?.ApproximateNumberOfMessagesToMove,
      ...(task?.FailureReason && { failureReason: task.FailureReason }),
    };
    if (outcome.status !== 'RUNNING') return outcome;
    progress(`  ${outcome.moved} of ${outcome.toMove ?? '?'} messages moved`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
