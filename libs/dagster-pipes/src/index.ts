export { PipesContext, openDagsterPipes, NOT_LAUNCHED_BY_DAGSTER_WARNING } from './context.js';
export { PipesDefaultContextLoader } from './context-loader.js';
export type { PipesContextLoader } from './context-loader.js';
export { decodeParam, encodeParam } from './encoding.js';
export { DagsterPipesError, toPipesException } from './errors.js';
export {
  ingestLoadMetadata,
  reportIngestLoad,
  reportMigrations,
  runIngestWithPipes,
  runMigrationsWithPipes,
} from './ingest-reporting.js';
export type { IngestLoadReport, MigrationReport } from './ingest-reporting.js';
export type { PipesLogger } from './logger.js';
export {
  PipesBufferedStreamMessageWriterChannel,
  PipesDefaultMessageWriter,
  PipesFileMessageWriterChannel,
  PipesStreamMessageWriterChannel,
} from './message-writer.js';
export type { PipesMessageWriter, PipesMessageWriterChannel } from './message-writer.js';
export { MetadataValue, normalizeMetadata } from './metadata.js';
export { PipesEnvParamsLoader, PipesMappingParamsLoader } from './params-loader.js';
export type { PipesParamsLoader } from './params-loader.js';
export * from './protocol.js';
export { withDagsterPipes } from './with-dagster-pipes.js';
export type { WithDagsterPipesOptions } from './with-dagster-pipes.js';
