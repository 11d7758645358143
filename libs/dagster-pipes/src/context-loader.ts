/* eslint-disable @typescript-eslint/no-explicit-any -- the signatures of @dagster-io/dagster-pipes, `any` included, so a switch to it changes no caller */
import { readFileSync } from 'node:fs';
import { DagsterPipesError } from './errors.js';
import type { PipesContextData } from './types.js';

/** Loads the context data the orchestrator injected, from where the context params say it is. */
export abstract class PipesContextLoader {
  abstract loadContext(contextParams: Record<string, any>): PipesContextData;
}

const FILE_PATH_KEY = 'path';
const DIRECT_KEY = 'data';

function readContextFile(path: unknown): unknown {
  if (typeof path !== 'string') {
    throw new DagsterPipesError(`Pipes context param "path" must be a string, got ${JSON.stringify(path)}.`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DagsterPipesError(`Cannot read the Pipes context file ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DagsterPipesError(`The Pipes context file ${path} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * The context either sits in a file ({"path": ...}, what the temp-file context injector writes) or is
 * inlined in the parameter ({"data": {...}}, the env context injector).
 */
export class PipesDefaultContextLoader extends PipesContextLoader {
  loadContext(contextParams: Record<string, any>): PipesContextData {
    let data: unknown;
    if (FILE_PATH_KEY in contextParams) data = readContextFile(contextParams[FILE_PATH_KEY]);
    else if (DIRECT_KEY in contextParams) data = contextParams[DIRECT_KEY];
    else {
      throw new DagsterPipesError(
        `Invalid Pipes context params: expected the key "path" or "data", got ${JSON.stringify(contextParams)}.`,
      );
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new DagsterPipesError(`The Pipes context is not a JSON object: ${JSON.stringify(data)}.`);
    }
    return data as PipesContextData;
  }
}
