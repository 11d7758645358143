/**
 * The ingest sources of the data contract and the raw table each one loads. raw._loads records
 * loads under the source id; the table holds the rows of the latest load of that source.
 */
export interface IngestSource {
  readonly id: string;
  readonly table: string;
}

export const INGEST_SOURCES: readonly IngestSource[] = [
  { id: 'kommuner', table: 'kommuner' },
  { id: 'ssb-population', table: 'ssb_population' },
  { id: 'ssb-crime', table: 'ssb_crime' },
  { id: 'fhi-life-expectancy', table: 'fhi_life_expectancy' },
  { id: 'brreg-enheter', table: 'brreg_enheter' },
  { id: 'nav-unemployment', table: 'nav_unemployment' },
];

/** The command that creates the raw schema; every "missing table" hint points at it. */
export const MIGRATE_COMMAND = 'npx atlas-ingest migrate';
