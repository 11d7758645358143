import { ConfigurationError, readDatabaseUrl, resolveDbtTargetDir } from './config';
import { databasePool, describeDatabase, describeDatabaseError } from './database';
import { readRunResults, type DbtRunResults } from './dbt-run-results';
import { INGEST_SOURCES } from './ingest-sources';
import { readLoadHistory, type SourceLoads } from './load-history';
import { readMigrationState, type MigrationState } from './migrations';
import { existingRawRelations } from './raw-relations';
import { readTableCounts, type TableCount } from './table-counts';

type Env = Record<string, string | undefined>;

export type DatabaseDiagnostics =
  /** ATLAS_DATABASE_URL is missing or malformed. */
  | { state: 'unconfigured'; message: string }
  /** The server could not be reached or a query failed. */
  | { state: 'failed'; where: string; message: string }
  | {
      state: 'ok';
      /** host:port/database, no credentials. */
      where: string;
      /** null when raw._migrations does not exist. */
      migrations: MigrationState | null;
      /** null when raw._loads does not exist. */
      loads: SourceLoads[] | null;
      tables: TableCount[];
      /** raw.* relations the contract names that do not exist: the migrations have not been run. */
      missingRelations: string[];
    };

export type DbtDiagnostics = DbtRunResults | { state: 'unconfigured'; message: string };

export interface Diagnostics {
  collectedAt: Date;
  database: DatabaseDiagnostics;
  dbt: DbtDiagnostics;
}

export interface CollectOptions {
  env?: Env;
  /** Where one-line problems are reported on the server (default console.error). */
  log?: (line: string) => void;
  /** How many recent loads to show per source. */
  loadsPerSource?: number;
}

const BOOKKEEPING = ['_migrations', '_loads'];

async function collectDatabase(
  env: Env,
  log: (line: string) => void,
  loadsPerSource: number,
): Promise<DatabaseDiagnostics> {
  let url: string;
  try {
    url = readDatabaseUrl(env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    log(error.message);
    return { state: 'unconfigured', message: error.message };
  }
  const where = describeDatabase(url);
  const db = databasePool(url);
  try {
    const expected = [...BOOKKEEPING, ...INGEST_SOURCES.map((s) => s.table)];
    const existing = await existingRawRelations(db, expected);
    const [migrations, loads, tables] = await Promise.all([
      existing.has('_migrations') ? readMigrationState(db) : null,
      existing.has('_loads') ? readLoadHistory(db, loadsPerSource) : null,
      readTableCounts(db),
    ]);
    const missingRelations = expected.filter((name) => !existing.has(name)).map((name) => `raw.${name}`);
    return { state: 'ok', where, migrations, loads, tables, missingRelations };
  } catch (error) {
    const message = describeDatabaseError(error, url);
    log(message);
    return { state: 'failed', where, message };
  }
}

async function collectDbt(env: Env): Promise<DbtDiagnostics> {
  let targetDir: string;
  try {
    targetDir = resolveDbtTargetDir(env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return { state: 'unconfigured', message: error.message };
  }
  return readRunResults(targetDir);
}

/** Everything the diagnostics page shows, gathered per request; problems become states, not throws. */
export async function collectDiagnostics(options: CollectOptions = {}): Promise<Diagnostics> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.error(line));
  const [database, dbt] = await Promise.all([
    collectDatabase(env, log, options.loadsPerSource ?? 5),
    collectDbt(env),
  ]);
  return { collectedAt: new Date(), database, dbt };
}
