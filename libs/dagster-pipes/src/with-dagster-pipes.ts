import { PipesContext, openDagsterPipes } from './context.js';
import { PipesEnvParamsLoader, type PipesParamsLoader } from './params-loader.js';

export interface WithDagsterPipesOptions {
  /** Defaults to the environment. */
  paramsLoader?: PipesParamsLoader;
  /** Outside Dagster, skip the "not launched by Dagster" warning (a CLI run from a terminal). */
  quietOutsideDagster?: boolean;
}

/**
 * Runs `work` inside a Pipes session, like Python's `with open_dagster_pipes() as pipes:` — the
 * session is closed when `work` settles; when it throws, the exception is reported in `closed`
 * (the orchestrator shows it on the failed step) and rethrown, so the caller's exit code stays
 * truthful.
 */
export async function withDagsterPipes<T>(
  work: (pipes: PipesContext) => Promise<T> | T,
  options: WithDagsterPipesOptions = {},
): Promise<T> {
  const paramsLoader = options.paramsLoader ?? new PipesEnvParamsLoader();
  let pipes: PipesContext;
  if (!paramsLoader.isDagsterPipesProcess() && options.quietOutsideDagster && !PipesContext.isInitialized()) {
    pipes = NO_OP;
  } else {
    pipes = openDagsterPipes(paramsLoader);
  }
  let result: T;
  try {
    result = await work(pipes);
  } catch (error) {
    pipes.close(error);
    throw error;
  }
  pipes.close();
  return result;
}

class QuietNoOpContext extends PipesContext {
  constructor() {
    super();
  }
}

const NO_OP: PipesContext = new QuietNoOpContext();
