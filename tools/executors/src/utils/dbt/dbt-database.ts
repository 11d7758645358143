import { startEphemeralPostgres, type EphemeralPostgres } from '@atlas/runtime';
import { dbtEnv } from './dbt-run.js';
import { checkSetupCommands, runSetupCommands } from './setup-commands.js';
import { STABLE } from './stable-artifacts.js';

export interface DbtDatabaseOptions {
  setupCommands: readonly (readonly string[])[];
  workspaceRoot: string;
  timeoutMs: number;
  /**
   * On an embedded server: the port to use when it is free. The database is always named `atlas`
   * there, so dbt's partial parsing (which hashes host, port and database) survives from run to run.
   */
  preferredPort?: number;
  /** Start from a data-folder snapshot of an earlier build instead (embedded only); no setup runs. */
  fromSnapshot?: { archive: string; password: string };
}

/**
 * Run fn with dbt's environment pointing at a fresh database that the setup commands have prepared:
 * a temporary database on ATLAS_DATABASE_URL's server, else an embedded PostgreSQL. The database is
 * dropped (or the server stopped and its folder removed) whatever fn does.
 */
export async function withDbtDatabase<T>(
  options: DbtDatabaseOptions,
  fn: (env: Record<string, string>, db: EphemeralPostgres) => Promise<T>,
): Promise<T> {
  // Refuse a setup command that cannot start before paying for a database.
  const setupCommands = options.fromSnapshot ? [] : options.setupCommands;
  checkSetupCommands(setupCommands, options.workspaceRoot);
  const db = await startEphemeralPostgres({
    databasePrefix: 'atlas_dbt',
    embedded: {
      database: STABLE.database,
      ...(options.preferredPort && { preferredPort: options.preferredPort }),
      ...(options.fromSnapshot && { fromSnapshot: options.fromSnapshot }),
    },
  });
  try {
    process.stdout.write(
      `PostgreSQL (${db.kind}${options.fromSnapshot ? ', from the reference snapshot' : ''}) ready: database ${new URL(db.url).pathname.slice(1)}\n`,
    );
    await runSetupCommands(setupCommands, db.url, {
      workspaceRoot: options.workspaceRoot,
      timeoutMs: options.timeoutMs,
    });
    return await fn(dbtEnv(db.url), db);
  } finally {
    await db.stop();
  }
}
