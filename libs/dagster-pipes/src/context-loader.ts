import { readFileSync } from 'node:fs';
import { DagsterPipesError } from './errors.js';
import type { PipesContextData, PipesParams } from './protocol.js';

export interface PipesContextLoader {
  loadContext(params: PipesParams): PipesContextData;
}

const DEFAULTS: PipesContextData = {
  asset_keys: null,
  code_version_by_asset_key: null,
  provenance_by_asset_key: null,
  partition_key: null,
  partition_key_range: null,
  partition_time_window: null,
  run_id: '',
  job_name: null,
  retry_number: 0,
  extras: {},
};

function asContextData(value: unknown, source: string): PipesContextData {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DagsterPipesError(`Pipes context from ${source} is not a JSON object.`);
  }
  const data = value as Partial<PipesContextData>;
  if (typeof data.run_id !== 'string') {
    throw new DagsterPipesError(
      `Pipes context from ${source} has no run_id: is it really a Dagster Pipes context?`,
    );
  }
  // Older orchestrators omit some keys; missing means "not in scope".
  return { ...DEFAULTS, ...data, extras: data.extras ?? {} };
}

/**
 * The context either sits in a file ({"path": ...}, what PipesTempFileContextInjector writes) or is
 * inlined in the parameter ({"data": {...}}, PipesEnvContextInjector).
 */
export class PipesDefaultContextLoader implements PipesContextLoader {
  static readonly FILE_PATH_KEY = 'path';
  static readonly DIRECT_KEY = 'data';

  loadContext(params: PipesParams): PipesContextData {
    if (PipesDefaultContextLoader.FILE_PATH_KEY in params) {
      const path = params[PipesDefaultContextLoader.FILE_PATH_KEY];
      if (typeof path !== 'string')
        throw new DagsterPipesError(
          `Pipes context param "path" must be a string, got ${JSON.stringify(path)}.`,
        );
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new DagsterPipesError(
          `Cannot read the Pipes context file ${path}: ${(error as Error).message}`,
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new DagsterPipesError(
          `The Pipes context file ${path} is not JSON: ${(error as Error).message}`,
        );
      }
      return asContextData(parsed, path);
    }
    if (PipesDefaultContextLoader.DIRECT_KEY in params) {
      return asContextData(params[PipesDefaultContextLoader.DIRECT_KEY], 'the "data" param');
    }
    throw new DagsterPipesError(
      `Invalid Pipes context params: expected the key "path" or "data", got ${JSON.stringify(params)}.`,
    );
  }
}
