import { startEphemeralPostgres } from '@atlas/runtime';
import { dbtEnv } from './dbt-run.js';
import { checkSetupCommands, runSetupCommands } from './setup-commands.js';

export interface DbtDatabaseOptions {
  setupCommands: readonly (readonly string[])[];
  workspaceRoot: string;
  timeoutMs: number;
}

/**
 * Run fn with dbt's environment pointing at a fresh database that the setup commands have prepared:
 * a temporary database on ATLAS_DATABASE_URL's server, else an embedded PostgreSQL. The database is
 * dropped (or the server stopped and its folder removed) whatever fn does.
 */
export async function withDbtDatabase<T>(
  options: DbtDatabaseOptions,
  fn: (env: Record<string, string>) => Promise<T>,
): Promise<T> {
  // Refuse a setup command that cannot start before paying for a database.
  checkSetupCommands(options.setupCommands, options.workspaceRoot);
  const db = await startEphemeralPostgres({ databasePrefix: 'atlas_dbt' });
  try {
    process.stdout.write(`PostgreSQL (${db.kind}) ready: database ${new URL(db.url).pathname.slice(1)}\n`);
    await runSetupCommands(options.setupCommands, db.url, {
      workspaceRoot: options.workspaceRoot,
      timeoutMs: options.timeoutMs,
    });
    return await fn(dbtEnv(db.url));
  } finally {
    await db.stop();
  }
}
