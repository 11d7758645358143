/**
 * The wire format of Dagster Pipes, protocol version 0.1, as the orchestration side (the Python
 * `dagster` package) reads it. Field names stay snake_case because they are JSON on the wire.
 */

export const PIPES_PROTOCOL_VERSION = '0.1';
export const PIPES_PROTOCOL_VERSION_FIELD = '__dagster_pipes_version';

export const DAGSTER_PIPES_CONTEXT_ENV_VAR = 'DAGSTER_PIPES_CONTEXT';
export const DAGSTER_PIPES_MESSAGES_ENV_VAR = 'DAGSTER_PIPES_MESSAGES';

export type Method =
  | 'opened'
  | 'closed'
  | 'log'
  | 'report_asset_materialization'
  | 'report_asset_check'
  | 'report_custom_message'
  | 'log_external_stream';

export interface PipesMessage {
  __dagster_pipes_version: string;
  method: Method;
  params: Record<string, unknown> | null;
}

export type PipesParams = Record<string, unknown>;
export type PipesExtras = Record<string, unknown>;

export interface PipesPartitionKeyRange {
  start: string;
  end: string;
}

export interface PipesTimeWindow {
  start: string;
  end: string;
}

export interface PipesDataProvenance {
  code_version: string;
  input_data_versions: Record<string, string>;
  is_user_provided: boolean;
}

/** What the orchestrator injects: the step's assets, partitions, run and user extras. */
export interface PipesContextData {
  asset_keys: string[] | null;
  code_version_by_asset_key: Record<string, string | null> | null;
  provenance_by_asset_key: Record<string, PipesDataProvenance | null> | null;
  partition_key: string | null;
  partition_key_range: PipesPartitionKeyRange | null;
  partition_time_window: PipesTimeWindow | null;
  run_id: string;
  job_name: string | null;
  retry_number: number;
  extras: PipesExtras;
}

export type PipesLogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
export const PIPES_LOG_LEVELS: readonly PipesLogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

export type PipesAssetCheckSeverity = 'WARN' | 'ERROR';

/** Let the orchestrator infer the metadata type from the raw value. */
export const PIPES_METADATA_TYPE_INFER = '__infer__';

export const PIPES_METADATA_TYPES = [
  '__infer__',
  'text',
  'url',
  'path',
  'notebook',
  'json',
  'md',
  'float',
  'int',
  'bool',
  'dagster_run',
  'asset',
  'null',
  'table',
  'table_schema',
  'table_column_lineage',
  'timestamp',
] as const;

export type PipesMetadataType = (typeof PIPES_METADATA_TYPES)[number];

export type PipesMetadataRawValue =
  | number
  | string
  | boolean
  | null
  | PipesMetadataRawValue[]
  | { [key: string]: PipesMetadataRawValue };

export interface PipesMetadataValue {
  raw_value: PipesMetadataRawValue;
  type: PipesMetadataType;
}

/** Metadata as callers pass it: raw values (type inferred) or explicit {raw_value, type} pairs. */
export type PipesMetadata = Record<string, PipesMetadataRawValue | PipesMetadataValue>;

/** An exception as the orchestrator shows it; `stack` holds one frame per entry. */
export interface PipesException {
  message: string;
  stack: string[];
  name: string | null;
  cause: PipesException | null;
  context: PipesException | null;
}

export function makeMessage(method: Method, params: Record<string, unknown> | null): PipesMessage {
  return { [PIPES_PROTOCOL_VERSION_FIELD]: PIPES_PROTOCOL_VERSION, method, params } as PipesMessage;
}

const FLOAT_MARK = '\u0000pipes-float:';

/**
 * One message as one JSON line. JS has no integral float: JSON.stringify(1.0) is "1", which Python
 * reads back as int and Dagster's float metadata rejects. Metadata of type float with an integral
 * value is therefore written as "1.0".
 */
export function serializeMessage(message: PipesMessage): string {
  const json = JSON.stringify(message, function (this: unknown, _key: string, value: unknown) {
    if (
      typeof value === 'object' &&
      value !== null &&
      (value as PipesMetadataValue).type === 'float' &&
      'raw_value' in value &&
      typeof (value as PipesMetadataValue).raw_value === 'number' &&
      /^-?\d+$/.test(String((value as PipesMetadataValue).raw_value))
    ) {
      return { ...value, raw_value: `${FLOAT_MARK}${String((value as PipesMetadataValue).raw_value)}` };
    }
    return value;
  });
  return `${json.replace(/"\\u0000pipes-float:(-?\d+)"/g, '$1.0')}\n`;
}
