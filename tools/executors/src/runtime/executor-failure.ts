/**
 * An error whose message is the whole story for the person running the target: what is wrong and
 * what to do, on one line. Executors throw it; `failExecutor` prints it without a stack trace.
 */
export class ExecutorFailure extends Error {
  override readonly name = 'ExecutorFailure';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** One line for an expected failure; the stack too for anything unexpected (that is a bug here). */
export function describeFailure(error: unknown): string {
  if (error instanceof ExecutorFailure) return error.message;
  if (error instanceof Error) return `${error.message}\n${error.stack ?? ''}`.trimEnd();
  return String(error);
}

/** Report a failure on stderr and turn it into the result Nx expects from an executor. */
export function failExecutor(label: string, error: unknown): { success: false } {
  process.stderr.write(`${label}: ${describeFailure(error)}\n`);
  return { success: false };
}
