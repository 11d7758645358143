import type { PipesContext } from '../index.js';
import { toPipesException } from './to-pipes-exception.js';

/**
 * Ends the Pipes session with the process: an uncaught exception is reported in `closed` (the
 * orchestrator shows it on the failed step) before Node prints it and exits 1, and a process that
 * forgot `close()` still sends `closed` at exit. The monitor only observes; Node's own handling is
 * unchanged. Returns the function that removes both hooks.
 */
export function closeWhenProcessEnds(pipes: PipesContext): () => void {
  const onUncaught = (error: unknown) => pipes.close(toPipesException(error));
  const onExit = () => pipes.close();
  process.on('uncaughtExceptionMonitor', onUncaught);
  process.on('exit', onExit);
  return () => {
    process.off('uncaughtExceptionMonitor', onUncaught);
    process.off('exit', onExit);
  };
}
