import { decodeParam } from './encoding.js';
import { DagsterPipesError } from './errors.js';
import {
  DAGSTER_PIPES_CONTEXT_ENV_VAR,
  DAGSTER_PIPES_MESSAGES_ENV_VAR,
  type PipesParams,
} from './protocol.js';

/** Where the orchestrator put the bootstrap parameters of the context loader and message writer. */
export interface PipesParamsLoader {
  isDagsterPipesProcess(): boolean;
  loadContextParams(): PipesParams;
  loadMessagesParams(): PipesParams;
}

function asParams(value: unknown, variable: string): PipesParams {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DagsterPipesError(`${variable} must decode to a JSON object, got ${JSON.stringify(value)}.`);
  }
  return value as PipesParams;
}

/** Reads DAGSTER_PIPES_CONTEXT / DAGSTER_PIPES_MESSAGES from a mapping (the environment by default). */
export class PipesMappingParamsLoader implements PipesParamsLoader {
  constructor(private readonly mapping: Record<string, string | undefined>) {}

  isDagsterPipesProcess(): boolean {
    // Same rule as the Python reference: the context variable alone decides.
    return this.mapping[DAGSTER_PIPES_CONTEXT_ENV_VAR] !== undefined;
  }

  loadContextParams(): PipesParams {
    return this.load(DAGSTER_PIPES_CONTEXT_ENV_VAR);
  }

  loadMessagesParams(): PipesParams {
    return this.load(DAGSTER_PIPES_MESSAGES_ENV_VAR);
  }

  private load(variable: string): PipesParams {
    const raw = this.mapping[variable];
    if (raw === undefined || raw === '') {
      throw new DagsterPipesError(
        `${variable} is not set: start this process through a Dagster Pipes client.`,
      );
    }
    return asParams(decodeParam(raw, variable), variable);
  }
}

export class PipesEnvParamsLoader extends PipesMappingParamsLoader {
  constructor(env: Record<string, string | undefined> = process.env) {
    super(env);
  }
}
