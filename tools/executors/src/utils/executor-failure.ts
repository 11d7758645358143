import { ActionableError, describeFailure } from '@atlas/runtime';

/**
 * The one-line failure executors throw: what is wrong and what to do. It is the runtime's
 * ActionableError under the name executors report it by; `failExecutor` prints it without a stack.
 */
export class ExecutorFailure extends ActionableError {
  override readonly name: string = 'ExecutorFailure';
}

export { describeFailure };

/** Report a failure on stderr and turn it into the result Nx expects from an executor. */
export function failExecutor(label: string, error: unknown): { success: false } {
  process.stderr.write(`${label}: ${describeFailure(error)}\n`);
  return { success: false };
}
