import type { EphemeralPostgres } from '@atlas/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMigratedDatabase } from '../testing/migrated-database';
import { NAV_FAILURE, SSB_FAILURE, seedLoadHistory } from '../testing/seed-loads';
import { readLoadHistory, type SourceLoads } from './load-history';

let db: EphemeralPostgres;
let pool: pg.Pool;
let history: SourceLoads[];

beforeAll(async () => {
  db = await startMigratedDatabase();
  await seedLoadHistory(db.url);
  pool = new pg.Pool({ connectionString: db.url });
  history = await readLoadHistory(pool, 5);
});
afterAll(async () => {
  await pool?.end();
  await db?.stop();
});

const bySource = (source: string): SourceLoads => {
  const found = history.find((s) => s.source === source);
  if (!found) throw new Error(`no entry for ${source}`);
  return found;
};

/** Seconds between a moment and now, to compare with the seeded ages. */
const ageOf = (date: Date | null | undefined) => (date ? (Date.now() - date.getTime()) / 1000 : NaN);

describe('readLoadHistory on a migrated database', () => {
  it('lists every catalogue source in catalogue order, then sources only raw._loads knows', () => {
    expect(history.map((s) => [s.source, s.known])).toEqual([
      ['kommuner', true],
      ['ssb-population', true],
      ['ssb-crime', true],
      ['fhi-life-expectancy', true],
      ['brreg-enheter', true],
      ['nav-unemployment', true],
      ['legacy-source', false],
    ]);
  });

  it('gives the latest successful load first, with its rows and age', () => {
    const kommuner = bySource('kommuner');
    expect(kommuner.loads.map((l) => [l.status, l.rows, l.error])).toEqual([
      ['succeeded', 12, null],
      ['succeeded', 356, null],
    ]);
    const [latest] = kommuner.loads;
    expect(ageOf(latest?.finishedAt)).toBeGreaterThanOrEqual(2 * 3600);
    expect(ageOf(latest?.finishedAt)).toBeLessThan(2 * 3600 + 600);
    expect(latest?.startedAt.getTime()).toBe((latest?.finishedAt?.getTime() ?? 0) - 3000);
    expect(kommuner.lastSucceededAt).toEqual(latest?.finishedAt);
  });

  it('keeps the error text of a failed load and when the source last succeeded', () => {
    const population = bySource('ssb-population');
    expect(population.loads.map((l) => [l.status, l.rows, l.error])).toEqual([
      ['failed', null, SSB_FAILURE],
      ['succeeded', 3, null],
    ]);
    expect(ageOf(population.lastSucceededAt)).toBeGreaterThanOrEqual(3 * 86400);
    expect(bySource('nav-unemployment')).toMatchObject({
      lastSucceededAt: null,
      loads: [{ status: 'failed', error: NAV_FAILURE, rows: null }],
    });
  });

  it('shows a running load without a finish, and a source never loaded without loads', () => {
    expect(bySource('ssb-crime').loads).toEqual([
      expect.objectContaining({ status: 'running', finishedAt: null, rows: null }),
    ]);
    expect(bySource('fhi-life-expectancy')).toEqual({
      source: 'fhi-life-expectancy',
      known: true,
      loads: [],
      lastSucceededAt: null,
    });
  });

  it('keeps only the newest loads per source, newest first', () => {
    const brreg = bySource('brreg-enheter');
    expect(brreg.loads.map((l) => l.rows)).toEqual([1001, 1002, 1003, 1004, 1005]);
    expect(new Set(brreg.loads.map((l) => l.loadId)).size).toBe(5);
  });

  it('takes the number of loads per source from the caller', async () => {
    const one = await readLoadHistory(pool, 1);
    expect(one.map((s) => s.loads.length)).toEqual([1, 1, 1, 0, 1, 1, 1]);
  });
});
