import { DagsterPipesError } from '../errors.js';
import type {
  PartitionKeyRange,
  PartitionTimeWindow,
  PipesContextData,
  ProvenanceByAssetKey,
} from '../types.js';

/**
 * The context data as the live context reads it: every key present, null where the orchestrator
 * sent null or nothing (older orchestrators omit keys; upstream's types mark them optional).
 */
export interface ContextInScope {
  assetKeys: string[] | null;
  codeVersionByAssetKey: Record<string, string | null> | null;
  provenanceByAssetKey: Record<string, ProvenanceByAssetKey | null> | null;
  partitionKey: string | null;
  partitionKeyRange: PartitionKeyRange | null;
  partitionTimeWindow: PartitionTimeWindow | null;
  runId: string;
  jobName: string | null;
  retryNumber: number;
  extras: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks what a context loader returned, so a foreign payload fails here with one clear line. */
export function contextInScope(data: PipesContextData, source: string): ContextInScope {
  if (!isObject(data)) throw new DagsterPipesError(`The Pipes context from ${source} is not a JSON object.`);
  if (typeof data.run_id !== 'string') {
    throw new DagsterPipesError(
      `The Pipes context from ${source} has no run_id: is it really a Dagster Pipes context?`,
    );
  }
  const assetKeys = data.asset_keys ?? null;
  if (assetKeys !== null && !(Array.isArray(assetKeys) && assetKeys.every((k) => typeof k === 'string'))) {
    throw new DagsterPipesError(`The Pipes context from ${source} has asset_keys that are not strings.`);
  }
  if (data.extras !== undefined && data.extras !== null && !isObject(data.extras)) {
    throw new DagsterPipesError(`The Pipes context from ${source} has extras that are not an object.`);
  }
  return {
    assetKeys,
    codeVersionByAssetKey: data.code_version_by_asset_key ?? null,
    provenanceByAssetKey: data.provenance_by_asset_key ?? null,
    partitionKey: data.partition_key ?? null,
    partitionKeyRange: data.partition_key_range ?? null,
    partitionTimeWindow: data.partition_time_window ?? null,
    runId: data.run_id,
    jobName: data.job_name ?? null,
    retryNumber: typeof data.retry_number === 'number' ? data.retry_number : 0,
    extras: data.extras ?? {},
  };
}
