// One shape for every Lambda entry: a logger named after the function that carries the request
// id of the invocation in every line, and dependencies made once per execution environment, at
// its first event, from the environment's configuration.
import type { Context } from 'aws-lambda';
import { type AwsClients, createAwsClients } from './aws-clients.ts';
import { type FunctionsConfig, readFunctionsConfig } from './config.ts';
import { createLogger, type Logger } from './logger.ts';

/** What a function's dependencies are made of. */
export interface ColdStart {
  config: FunctionsConfig;
  clients: AwsClients;
  logger: Logger;
}

/** What an invocation gets besides its event and the dependencies. */
export interface Invocation {
  /** Absent when called outside Lambda (tests, the local runner). */
  context: Context | undefined;
  logger: Logger;
}

/**
 * A Lambda handler: `coldStart` once, then `handle` per event. An event `refuse` answers is
 * answered before anything is made or read (a request refused at the door).
 */
export function lambdaEntry<Event, Result, Dependencies>(
  serviceName: string,
  coldStart: (start: ColdStart) => Dependencies,
  handle: (dependencies: Dependencies, event: Event, invocation: Invocation) => Promise<Result>,
  refuse?: (event: Event) => Result | undefined,
): (event: Event, context?: Context) => Promise<Result> {
  const logger = createLogger(serviceName);
  let dependencies: Dependencies | undefined;
  return async (event, context) => {
    if (context) logger.addContext(context);
    const refusal = refuse?.(event);
    if (refusal !== undefined) return refusal;
    if (dependencies === undefined) {
      const config = readFunctionsConfig();
      dependencies = coldStart({ config, clients: createAwsClients(config), logger });
    }
    return handle(dependencies, event, { context, logger });
  };
}
