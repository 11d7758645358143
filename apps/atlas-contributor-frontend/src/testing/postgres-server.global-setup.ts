import { startEphemeralPostgres } from '@atlas/runtime';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database URL on the test run's PostgreSQL server; specs create their own databases next to it. */
    postgresServerUrl: string;
  }
}

/**
 * One PostgreSQL server for the whole test run (embedded, or a temporary database on
 * ATLAS_DATABASE_URL's server): starting one is the slow part, a database on it is cheap.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startEphemeralPostgres({ databasePrefix: 'atlas_diagnostics_server' });
  project.provide('postgresServerUrl', server.url);
  return () => server.stop();
}
