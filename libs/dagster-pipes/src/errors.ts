import type { PipesException } from './protocol.js';

/** Misuse of the Pipes API or bad parameters from the orchestrator. */
export class DagsterPipesError extends Error {
  override name = 'DagsterPipesError';
}

/** Stack frames of a JS error, without the leading "Name: message" line V8 puts first. */
function stackFrames(error: Error): string[] {
  const lines = (error.stack ?? '').split('\n');
  const frames = lines.filter((line) => /^\s+at /.test(line));
  return frames.map((line) => `${line.trim()}\n`);
}

/**
 * The orchestrator's exception shape for anything a TS process may throw. `cause` follows
 * `Error.cause`; JS has no implicit exception context, so `context` stays null.
 */
export function toPipesException(thrown: unknown, depth = 0): PipesException {
  if (thrown instanceof Error) {
    const cause =
      thrown.cause !== undefined && thrown.cause !== null && depth < 8
        ? toPipesException(thrown.cause, depth + 1)
        : null;
    return {
      message: thrown.message,
      stack: stackFrames(thrown),
      name: thrown.name || null,
      cause,
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
