import type { PipesException } from '../index.js';

/** Stack frames of a JS error, without the leading "Name: message" line V8 puts first. */
function stackFrames(error: Error): string[] {
  return (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => `${line.trim()}\n`);
}

/**
 * The orchestrator's exception shape for anything a TS process may throw, for `close(exception)`:
 * message, name, one stack frame per entry, and `Error.cause` as the cause chain. JS has no implicit
 * exception context (Python's __context__), so `context` stays null.
 */
export function toPipesException(thrown: unknown, depth = 0): PipesException {
  if (thrown instanceof Error) {
    const cause = thrown.cause !== undefined && thrown.cause !== null && depth < 8 ? thrown.cause : null;
    return {
      message: thrown.message,
      stack: stackFrames(thrown),
      name: thrown.name || null,
      cause: cause === null ? null : toPipesException(cause, depth + 1),
      context: null,
    };
  }
  let message: string;
  try {
    message = typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? String(thrown));
  } catch {
    message = String(thrown);
  }
  return { message, stack: [], name: null, cause: null, context: null };
}
