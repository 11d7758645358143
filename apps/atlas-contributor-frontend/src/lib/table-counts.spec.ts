import type { EphemeralPostgres } from '@atlas/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmptyDatabase, startMigratedDatabase } from '../testing/migrated-database';
import { seedLoadHistory, type SeededHistory } from '../testing/seed-loads';
import { INGEST_SOURCES } from './ingest-sources';
import { readTableCounts } from './table-counts';

let migrated: EphemeralPostgres;
let seeded: SeededHistory | undefined;
let empty: EphemeralPostgres;
const pools: pg.Pool[] = [];

function poolFor(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url });
  pools.push(pool);
  return pool;
}

beforeAll(async () => {
  [migrated, empty] = await Promise.all([startMigratedDatabase(), startEmptyDatabase()]);
  seeded = await seedLoadHistory(migrated.url);
});
afterAll(async () => {
  await seeded?.release();
  await Promise.all(pools.map((p) => p.end()));
  await Promise.all([migrated?.stop(), empty?.stop()]);
});

describe('readTableCounts', () => {
  it('counts the rows of every raw data table and says when they were loaded', async () => {
    const counts = await readTableCounts(poolFor(migrated.url));
    // The seeded history loads three sources; every other table of the catalogue exists, empty.
    const seededRows: Record<string, number> = { kommuner: 12, ssb_population: 3, brreg_enheter: 2 };
    expect(counts.map((c) => [c.table, c.source, c.exists, c.rows])).toEqual(
      INGEST_SOURCES.map(({ id, table }) => [table, id, true, seededRows[table] ?? 0]),
    );
    const loadedAgo = (table: string) => {
      const at = counts.find((c) => c.table === table)?.lastLoadedAt;
      return at ? (Date.now() - at.getTime()) / 3600_000 : null;
    };
    expect(loadedAgo('kommuner')).toBeGreaterThanOrEqual(2);
    expect(loadedAgo('kommuner')).toBeLessThan(3);
    expect(loadedAgo('brreg_enheter')).toBeGreaterThanOrEqual(24);
    expect(loadedAgo('ssb_crime')).toBeNull();
  });

  it('reports every table missing on a database the migrations never ran on', async () => {
    const counts = await readTableCounts(poolFor(empty.url));
    expect(counts.every((c) => !c.exists && c.rows === null && c.lastLoadedAt === null)).toBe(true);
    expect(counts).toHaveLength(INGEST_SOURCES.length);
  });
});
