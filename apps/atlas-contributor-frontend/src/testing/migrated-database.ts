import { join } from 'node:path';
import { inject } from 'vitest';
import { runProcess, startEphemeralPostgres, workspaceRoot, type EphemeralPostgres } from '@atlas/runtime';

const ingestCli = join(workspaceRoot, 'libs', 'atlas-data-ingest', 'bin', 'atlas-ingest.mjs');

/** The ingest's own migrations folder: the raw schema the app reads is defined there, nowhere else. */
export const ingestMigrationsDir = join(workspaceRoot, 'libs', 'atlas-data-ingest', 'migrations');

/** Create the raw schema the way a contributor does: `atlas-ingest migrate` against the database. */
export async function runIngestMigrations(url: string): Promise<void> {
  const result = await runProcess([process.execPath, ingestCli, 'migrate'], {
    cwd: workspaceRoot,
    env: { ATLAS_DATABASE_URL: url },
    echo: false,
    timeoutMs: 120_000,
    label: 'atlas-ingest',
  });
  if (result.exitCode !== 0) {
    throw new Error(
      `atlas-ingest migrate failed (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}):\n${result.output}`,
    );
  }
}

/** A fresh database without any schema on the test run's server (see postgres-server.global-setup.ts). */
export function startEmptyDatabase(): Promise<EphemeralPostgres> {
  return startEphemeralPostgres({
    serverUrl: inject('postgresServerUrl'),
    databasePrefix: 'atlas_diagnostics',
  });
}

/** A fresh database with the ingest migrations applied. Call stop() when done. */
export async function startMigratedDatabase(): Promise<EphemeralPostgres> {
  const db = await startEmptyDatabase();
  try {
    await runIngestMigrations(db.url);
  } catch (error) {
    await db.stop();
    throw error;
  }
  return db;
}
