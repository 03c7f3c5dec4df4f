// Structured JSON logging for every function (AWS Lambda Powertools).
import { Logger } from '@aws-lambda-powertools/logger';

export type { Logger };

/** The logger of one function or module; level from POWERTOOLS_LOG_LEVEL (default INFO). */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

/** A logger that prints nothing, for tests and for command-line tools with their own output. */
export function silentLogger(): Logger {
  return new Logger({ serviceName: 'silent', logLevel: 'SILENT' });
}
