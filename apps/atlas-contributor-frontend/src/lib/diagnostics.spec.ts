import { readdir } from 'node:fs/promises';
import { findFreePort, type EphemeralPostgres } from '@atlas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../testing/fixture-path';
import { ingestMigrationsDir, startEmptyDatabase, startMigratedDatabase } from '../testing/migrated-database';
import { seedLoadHistory, type SeededHistory } from '../testing/seed-loads';
import { closeDatabasePools, describeDatabase } from './database';
import { collectDiagnostics, type Diagnostics } from './diagnostics';
import { INGEST_SOURCES } from './ingest-sources';

let migrated: EphemeralPostgres;
let seeded: SeededHistory | undefined;
let empty: EphemeralPostgres;

beforeAll(async () => {
  [migrated, empty] = await Promise.all([startMigratedDatabase(), startEmptyDatabase()]);
  seeded = await seedLoadHistory(migrated.url);
});
afterAll(async () => {
  await seeded?.release();
  await closeDatabasePools();
  await Promise.all([migrated?.stop(), empty?.stop()]);
});

async function collect(
  env: Record<string, string | undefined>,
): Promise<{ diagnostics: Diagnostics; logged: string[] }> {
  const logged: string[] = [];
  const diagnostics = await collectDiagnostics({
    env: { ATLAS_DBT_TARGET_DIR: fixturesDir, ...env },
    log: (line) => logged.push(line),
  });
  return { diagnostics, logged };
}

describe('collectDiagnostics', () => {
  it('reads migrations, loads, tables and the dbt run of a migrated database', async () => {
    const { diagnostics, logged } = await collect({ ATLAS_DATABASE_URL: migrated.url });
    expect(logged).toEqual([]);
    const { database, dbt } = diagnostics;
    if (database.state !== 'ok') throw new Error(`expected a database, got ${JSON.stringify(database)}`);
    const migrationFiles = (await readdir(ingestMigrationsDir)).filter((f) => f.endsWith('.sql')).sort();
    expect(database.migrations).toEqual({
      applied: migrationFiles.length,
      latest: { filename: migrationFiles.at(-1), appliedAt: expect.any(Date) },
    });
    expect(database.missingRelations).toEqual([]);
    // The six sources of the seeded history, the catalogue's others never loaded, then legacy-source.
    const seeded = ['succeeded', 'failed', 'abandoned', 'never', 'running', 'failed'];
    expect(database.loads?.map((s) => s.loads[0]?.status ?? 'never')).toEqual([
      ...seeded,
      ...INGEST_SOURCES.slice(seeded.length).map(() => 'never'),
      'succeeded',
    ]);
    expect(database.tables.find((t) => t.table === 'kommuner')?.rows).toBe(12);
    // The credentials never reach the page.
    expect(database.where).toBe(describeDatabase(migrated.url));
    expect(database.where).not.toContain('@');
    expect(dbt).toMatchObject({ state: 'ok', statusCounts: { error: 1, fail: 1 } });
  });

  it('names what is missing when the migrations never ran', async () => {
    const { diagnostics, logged } = await collect({ ATLAS_DATABASE_URL: empty.url });
    expect(logged).toEqual([]);
    expect(diagnostics.database).toMatchObject({
      state: 'ok',
      migrations: null,
      loads: null,
      missingRelations: [
        'raw._migrations',
        'raw._loads',
        ...INGEST_SOURCES.map(({ table }) => `raw.${table}`),
      ],
    });
  });

  it('says what to set, once, when ATLAS_DATABASE_URL is missing, and still reads the dbt run', async () => {
    const { diagnostics, logged } = await collect({ ATLAS_DATABASE_URL: undefined });
    const line =
      'ATLAS_DATABASE_URL is not set: set it to the PostgreSQL database the ingest loads into, e.g. postgres://atlas:atlas@localhost:5432/atlas.';
    expect(diagnostics.database).toEqual({ state: 'unconfigured', message: line });
    expect(logged).toEqual([line]);
    expect(diagnostics.dbt.state).toBe('ok');
  });

  it('says the server cannot be reached, without the password, when nothing listens', async () => {
    const port = await findFreePort();
    const { diagnostics, logged } = await collect({
      ATLAS_DATABASE_URL: `postgres://atlas:hunter2@127.0.0.1:${port}/atlas`,
    });
    const line = `Cannot connect to PostgreSQL at 127.0.0.1:${port}/atlas (ECONNREFUSED): start the server or fix ATLAS_DATABASE_URL.`;
    expect(diagnostics.database).toEqual({
      state: 'failed',
      where: `127.0.0.1:${port}/atlas`,
      message: line,
    });
    expect(logged).toEqual([line]);
  });

  it('passes on a login the server refuses as one line', async () => {
    const wrong = new URL(migrated.url);
    wrong.password = 'not-the-password';
    const { diagnostics, logged } = await collect({ ATLAS_DATABASE_URL: wrong.toString() });
    expect(diagnostics.database).toMatchObject({ state: 'failed' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(
      /^PostgreSQL at 127\.0\.0\.1:\d+\/\w+ refused the login \(password authentication failed for user "\w+"\): fix the user or password in ATLAS_DATABASE_URL\.$/,
    );
    expect(logged[0]).not.toContain('not-the-password');
  });
});
