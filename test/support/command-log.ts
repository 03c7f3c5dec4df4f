// The DynamoDB commands a client sends, recorded by name: how a test shows that a visitor's
// request only ever gets and queries (never scans), and how many requests it costs.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Records the name of every command `dynamo` sends while `recording()` says so (always by
 * default) into the array returned.
 */
export function logCommands(
  dynamo: DynamoDBDocumentClient,
  recording: () => boolean = () => true,
): string[] {
  const commands: string[] = [];
  dynamo.middlewareStack.add(
    (next, context) => (args) => {
      if (recording()) commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'logCommands' },
  );
  return commands;
}
