export { SOURCES, SOURCE_IDS, findSource } from './catalogue/catalogue.js';
export { CATALOGUE, catalogueEntry } from './catalogue/catalogue-entry.js';
export { REFERENCE_KOMMUNER, REFERENCE_KOMMUNENUMMER } from './catalogue/reference-kommuner.js';
export { checkSources, readSource } from './check/check-sources.js';
export type { CheckOptions, CheckResult, Reading } from './check/check-sources.js';
export { compareShapes, PayloadShape } from './check/payload-shape.js';
export type {
  CatalogueEntry,
  ColumnSpec,
  ColumnType,
  PayloadPart,
  RawRow,
  SourceDefinition,
  SourceRequest,
} from './catalogue/source-definition.js';
export { FetchError, HttpError, httpRequest, httpStream } from './fetch/http-client.js';
export type { HttpRequestOptions, HttpResponse, HttpStreamResponse } from './fetch/http-client.js';
export { FIXTURES_DIR, startFixtureServer } from './fixtures/fixture-server.js';
export type { FixtureServer } from './fixtures/fixture-server.js';
export { IngestError, ingestSource } from './load/ingest-source.js';
export type { IngestOptions, IngestResult } from './load/ingest-source.js';
export { replaceRows } from './load/replace-rows.js';
export { ABANDONED_MESSAGE, markAbandonedLoads } from './load/source-lock.js';
export { MIGRATIONS_DIR, MigrationError, migrate, readMigrations } from './migrate/migrator.js';
export type { MigrationResult } from './migrate/migrator.js';
export { norwegianMonth } from './parse/norwegian-month.js';
export { PayloadError } from './parse/payload-error.js';
