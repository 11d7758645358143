/* eslint-disable @typescript-eslint/no-explicit-any -- the signatures of @dagster-io/dagster-pipes, `any` included, so a switch to it changes no caller */
import { DagsterPipesError } from './errors.js';
import { DAGSTER_PIPES_CONTEXT_ENV_VAR, DAGSTER_PIPES_MESSAGES_ENV_VAR } from './internal/protocol.js';
import { decodeParam } from './internal/decode-param.js';

/**
 * Loads the bootstrap parameters the orchestrator passed (where the context is, where messages go),
 * which `openDagsterPipes` hands to the context loader and the message writer.
 */
export abstract class PipesParamsLoader {
  /** Parameters of the orchestrator's context injector. */
  abstract loadContextParams(): Record<string, any>;
  /** Parameters of the orchestrator's message reader. */
  abstract loadMessagesParams(): Record<string, any>;
  /** False when this process was not started by Dagster: `openDagsterPipes` then returns a no-op context. */
  abstract isDagsterPipesProcess(): boolean;
}

/** Reads DAGSTER_PIPES_CONTEXT / DAGSTER_PIPES_MESSAGES from the environment of this process. */
export class PipesEnvParamsLoader extends PipesParamsLoader {
  private readonly env: NodeJS.ProcessEnv;

  constructor() {
    super();
    this.env = process.env;
  }

  loadContextParams(): Record<string, any> {
    return this.load(DAGSTER_PIPES_CONTEXT_ENV_VAR);
  }

  loadMessagesParams(): Record<string, any> {
    return this.load(DAGSTER_PIPES_MESSAGES_ENV_VAR);
  }

  isDagsterPipesProcess(): boolean {
    // As in the Python reference: the context variable alone decides.
    return this.env[DAGSTER_PIPES_CONTEXT_ENV_VAR] !== undefined;
  }

  private load(variable: string): Record<string, unknown> {
    const raw = this.env[variable];
    if (raw === undefined || raw === '') {
      throw new DagsterPipesError(
        `${variable} is not set: start this process through a Dagster Pipes client.`,
      );
    }
    const value = decodeParam(raw, variable);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DagsterPipesError(`${variable} must decode to a JSON object, got ${JSON.stringify(value)}.`);
    }
    return value as Record<string, unknown>;
  }
}
