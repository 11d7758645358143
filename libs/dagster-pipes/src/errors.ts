/** Misuse of the Pipes API, or parameters from the orchestrator this process cannot use. */
export class DagsterPipesError extends Error {
  override name = 'DagsterPipesError';
}

/** An exception as the orchestrator shows it on the failed step; `stack` holds one frame per entry. */
export interface PipesException {
  message: string;
  stack: string[];
  name: string | null;
  cause: PipesException | null;
  context: PipesException | null;
}
