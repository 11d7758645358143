/**
 * Facts of the Pipes wire format (protocol 0.1) that the upstream API does not name, as the Python
 * reference (`dagster_pipes`) and the orchestrator read them.
 */

export const DAGSTER_PIPES_CONTEXT_ENV_VAR = 'DAGSTER_PIPES_CONTEXT';
export const DAGSTER_PIPES_MESSAGES_ENV_VAR = 'DAGSTER_PIPES_MESSAGES';

/**
 * The metadata types the orchestrator accepts (the Python reference's PipesMetadataType). Upstream's
 * `Type` enum differs slightly (it has `job`, lacks the table types): the orchestrator decides.
 */
export const ORCHESTRATOR_METADATA_TYPES: readonly string[] = [
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
];
