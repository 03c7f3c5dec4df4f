// Errors that carry their policy: the class says what happens next.

/** Input that can never succeed: recorded with its reason, never retried. */
export class RefusedInputError extends Error {
  override name = 'RefusedInputError';
  /**
   * @param code a stable, kebab-case code for scripts and tests (`unsupported-format`, ...)
   * @param message a sentence a person can act on
   */
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Something that may work on a later attempt (network, throttling): the platform retries. */
export class TransientError extends Error {
  override name = 'TransientError';
}
