export { SOURCES, SOURCE_IDS, findSource } from './catalogue/catalogue.js';
export type {
  ColumnSpec,
  ColumnType,
  PayloadPart,
  RawRow,
  SourceDefinition,
  SourceRequest,
} from './catalogue/source-definition.js';
export { FetchError, HttpError, httpRequest } from './fetch/http-client.js';
export type { HttpRequestOptions, HttpResponse } from './fetch/http-client.js';
export { FIXTURES_DIR, startFixtureServer } from './fixtures/fixture-server.js';
export type { FixtureServer } from './fixtures/fixture-server.js';
export { IngestError, ingestSource } from './load/ingest-source.js';
export type { IngestOptions, IngestResult } from './load/ingest-source.js';
export { replaceRows } from './load/replace-rows.js';
export { MIGRATIONS_DIR, MigrationError, migrate, readMigrations } from './migrate/migrator.js';
export type { MigrationResult } from './migrate/migrator.js';
export { PayloadError } from './parse/payload-error.js';
