/**
 * An error whose message is the whole story for the person who ran the command: what is wrong and
 * what to do, on one line. Whoever reports it prints the message alone, without a stack trace.
 */
export class ActionableError extends Error {
  override readonly name: string = 'ActionableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** One line for an expected failure; the stack too for anything unexpected (that is a bug). */
export function describeFailure(error: unknown): string {
  if (error instanceof ActionableError) return error.message;
  if (error instanceof Error) return `${error.message}\n${error.stack ?? ''}`.trimEnd();
  return String(error);
}
