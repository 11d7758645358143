// The public API of @dagster-io/dagster-pipes 0.1.0, name for name: its index (openDagsterPipes, the
// loader and writer base classes, PipesLogger, DagsterPipesError) and what its other modules export.
// Nothing else belongs here; Atlas's additions are in ./extras (@atlas/dagster-pipes/extras).
export { PipesContextLoader, PipesDefaultContextLoader } from './context-loader.js';
export { DagsterPipesError } from './errors.js';
export type { PipesException } from './errors.js';
export { PipesLogger } from './logger.js';
export { PipesDefaultMessageWriter, PipesMessageWriter } from './message-writer.js';
export { normalizeMetadata } from './normalize-metadata.js';
export { PipesEnvParamsLoader, PipesParamsLoader } from './params-loader.js';
export { PIPES_PROTOCOL_VERSION, PipesContext, openDagsterPipes } from './pipes-context.js';
export { AssetCheckSeverity, Method, PipesLogLevel, Type } from './types.js';
export type {
  PartitionKeyRange,
  PartitionTimeWindow,
  PipesContextData,
  PipesMessage,
  PipesMetadataValue,
  ProvenanceByAssetKey,
} from './types.js';
