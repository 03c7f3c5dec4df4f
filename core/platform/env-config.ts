// Reads a runtime's configuration from environment variables through one zod schema.
import type { z } from 'zod';

/** Thrown when one or more environment variables are missing or malformed; lists every one. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Parses `env` with a schema whose keys are environment variable names and returns the frozen
 * result.
 * @throws {ConfigurationError} naming every bad variable, what was expected and what was found.
 */
export function readEnvConfig<Schema extends z.ZodObject>(
  schema: Schema,
  env: Record<string, string | undefined>,
  /** Variables whose values are never repeated in an error (tokens, keys). */
  secrets: ReadonlySet<string> = new Set(),
): Readonly<z.infer<Schema>> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    // An empty variable counts as unset, as shells and CI systems often export them empty.
    input[key] = env[key] === '' ? undefined : env[key];
  }
  const result = schema.safeParse(input);
  if (result.success) return Object.freeze(result.data);
  throw new ConfigurationError(
    result.error.issues.map((issue) => {
      const variable = issue.path.join('.');
      const found = input[variable];
      const received =
        found === undefined
          ? 'nothing (unset)'
          : secrets.has(variable)
            ? 'a value (hidden)'
            : JSON.stringify(found);
      return `${variable}: ${issue.message}; received ${received}`;
    }),
  );
}
