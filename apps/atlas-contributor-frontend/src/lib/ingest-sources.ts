import catalogue from '@atlas/atlas-data-ingest/catalogue.json';

/**
 * The ingest sources and the raw table each one loads, from the ingest's catalogue file (the one
 * list of sources; the ingest package itself runs under Node with network code the app must not
 * bundle, its catalogue is plain JSON). raw._loads records loads under the source id; the table
 * holds the rows of the latest load of that source.
 */
export interface IngestSource {
  readonly id: string;
  readonly table: string;
}

export const INGEST_SOURCES: readonly IngestSource[] = catalogue.sources.map(({ id, table }) => ({
  id,
  table,
}));

/** The command that creates the raw schema; every "missing table" hint points at it. */
export const MIGRATE_COMMAND = 'npx atlas-ingest migrate';
