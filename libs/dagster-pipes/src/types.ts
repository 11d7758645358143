/* eslint-disable @typescript-eslint/no-explicit-any -- the shapes of @dagster-io/dagster-pipes, `any` included, so a switch to it changes no caller */

/**
 * The protocol's data types as the upstream TypeScript package declares them (its `types` module,
 * generated there from the Pipes JSON schema). Field names stay snake_case: they are JSON on the wire.
 * What the orchestrator actually sends is checked at run time (internal/context-in-scope.ts).
 */

export enum AssetCheckSeverity {
  Error = 'ERROR',
  Warn = 'WARN',
}

/** What the orchestrator injects: the step's assets, partitions, run and user extras. */
export interface PipesContextData {
  asset_keys?: string[];
  code_version_by_asset_key?: { [key: string]: null | string };
  extras: { [key: string]: any } | null;
  job_name?: string;
  partition_key?: string;
  partition_key_range?: PartitionKeyRange;
  partition_time_window?: PartitionTimeWindow;
  provenance_by_asset_key?: { [key: string]: null | ProvenanceByAssetKey } | null;
  retry_number: number;
  run_id: string;
}

export interface PartitionKeyRange {
  end?: string;
  start?: string;
  [property: string]: any;
}

/** Start and end timestamps of a time-partitioned step. */
export interface PartitionTimeWindow {
  end?: string;
  start?: string;
  [property: string]: any;
}

export interface ProvenanceByAssetKey {
  code_version?: string;
  input_data_versions?: { [key: string]: string };
  is_user_provided?: boolean;
  [property: string]: any;
}

export enum PipesLogLevel {
  Critical = 'CRITICAL',
  Debug = 'DEBUG',
  Error = 'ERROR',
  Info = 'INFO',
  Warning = 'WARNING',
}

/** One message from this process to the orchestrator, in the protocol envelope. */
export interface PipesMessage {
  /** The version of the Dagster Pipes protocol. */
  __dagster_pipes_version: string;
  method: Method;
  params: { [key: string]: any } | null;
}

export enum Method {
  Closed = 'closed',
  Log = 'log',
  Opened = 'opened',
  ReportAssetCheck = 'report_asset_check',
  ReportAssetMaterialization = 'report_asset_materialization',
  ReportCustomMessage = 'report_custom_message',
}

/** A metadata value with an explicit type; without one the orchestrator infers it from the raw value. */
export interface PipesMetadataValue {
  raw_value?: any[] | boolean | number | { [key: string]: any } | null | string;
  type?: Type;
  [property: string]: any;
}

export enum Type {
  Asset = 'asset',
  Bool = 'bool',
  DagsterRun = 'dagster_run',
  Float = 'float',
  Infer = '__infer__',
  Int = 'int',
  JSON = 'json',
  Job = 'job',
  Md = 'md',
  Notebook = 'notebook',
  Null = 'null',
  Path = 'path',
  Text = 'text',
  Timestamp = 'timestamp',
  URL = 'url',
}
