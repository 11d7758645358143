import { PipesContext, PipesEnvParamsLoader, openDagsterPipes, type PipesParamsLoader } from '../index.js';
import { closeWhenProcessEnds } from './close-when-process-ends.js';
import { toPipesException } from './to-pipes-exception.js';

export interface WithDagsterPipesOptions {
  /** Defaults to the environment (PipesEnvParamsLoader). */
  paramsLoader?: PipesParamsLoader;
  /** Outside Dagster, skip the "not launched by Dagster" warning (a CLI run from a terminal). */
  quietOutsideDagster?: boolean;
}

/** The no-op context, without the warning openDagsterPipes prints outside Dagster. */
class QuietNoOpContext extends PipesContext {
  constructor() {
    super();
  }
}

/**
 * Runs `work` inside a Pipes session, like Python's `with open_dagster_pipes() as pipes:`: the
 * session is closed when `work` settles; when it throws, the exception (message, frames, causes) is
 * reported in `closed`, so the orchestrator shows it on the failed step, and rethrown, so the exit
 * code stays truthful. While `work` runs, a crash elsewhere in the process is reported too.
 */
export async function withDagsterPipes<T>(
  work: (pipes: PipesContext) => Promise<T> | T,
  options: WithDagsterPipesOptions = {},
): Promise<T> {
  const paramsLoader = options.paramsLoader ?? new PipesEnvParamsLoader();
  const pipes =
    options.quietOutsideDagster && !paramsLoader.isDagsterPipesProcess()
      ? new QuietNoOpContext()
      : openDagsterPipes(paramsLoader);
  const unhook = closeWhenProcessEnds(pipes);
  try {
    const result = await work(pipes);
    pipes.close();
    return result;
  } catch (error) {
    pipes.close(toPipesException(error));
    throw error;
  } finally {
    unhook();
  }
}
