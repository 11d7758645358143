import type { EphemeralPostgres } from '@atlas/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMigratedDatabase } from '../testing/migrated-database';
import { NAV_FAILURE, SSB_FAILURE, seedLoadHistory, type SeededHistory } from '../testing/seed-loads';
import { ABANDONED_MESSAGE } from '@atlas/atlas-data-ingest';
import { INGEST_SOURCES } from './ingest-sources';
import { PROCESS_GONE, readLoadHistory, type SourceLoads } from './load-history';

let db: EphemeralPostgres;
let seeded: SeededHistory | undefined;
let pool: pg.Pool;
let history: SourceLoads[];

beforeAll(async () => {
  db = await startMigratedDatabase();
  seeded = await seedLoadHistory(db.url);
  pool = new pg.Pool({ connectionString: db.url });
  history = await readLoadHistory(pool, 5);
});
afterAll(async () => {
  await seeded?.release();
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
      ...INGEST_SOURCES.map(({ id }) => [id, true]),
      ['legacy-source', false],
    ]);
    expect(INGEST_SOURCES.slice(0, 6).map(({ id }) => id)).toEqual([
      'kommuner',
      'ssb-population',
      'ssb-crime',
      'fhi-life-expectancy',
      'brreg-enheter',
      'nav-unemployment',
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

  it('shows a live running load as running, and a "running" load whose process is gone as abandoned', () => {
    expect(bySource('brreg-enheter').loads[0]).toMatchObject({
      status: 'running',
      finishedAt: null,
      rows: null,
      error: null,
    });
    expect(bySource('ssb-crime').loads).toEqual([
      expect.objectContaining({ status: 'abandoned', finishedAt: null, rows: null, error: PROCESS_GONE }),
      expect.objectContaining({ status: 'abandoned', rows: null, error: ABANDONED_MESSAGE }),
    ]);
    expect(bySource('ssb-crime').loads[1]?.finishedAt).toBeInstanceOf(Date);
  });

  it('shows a source never loaded without loads', () => {
    expect(bySource('fhi-life-expectancy')).toEqual({
      source: 'fhi-life-expectancy',
      known: true,
      loads: [],
      lastSucceededAt: null,
    });
  });

  it('keeps only the newest loads per source, newest first', () => {
    const brreg = bySource('brreg-enheter');
    expect(brreg.loads.map((l) => l.rows)).toEqual([null, 1001, 1002, 1003, 1004]);
    expect(new Set(brreg.loads.map((l) => l.loadId)).size).toBe(5);
  });

  it('takes the number of loads per source from the caller', async () => {
    const one = await readLoadHistory(pool, 1);
    // The seeded sources each have loads (fhi-life-expectancy none), the catalogue's others none, legacy-source one.
    const seeded: Record<string, number> = {
      kommuner: 1,
      'ssb-population': 1,
      'ssb-crime': 1,
      'brreg-enheter': 1,
      'nav-unemployment': 1,
      'legacy-source': 1,
    };
    expect(one.map((s) => [s.source, s.loads.length])).toEqual(
      [...INGEST_SOURCES.map(({ id }) => id), 'legacy-source'].map((id) => [id, seeded[id] ?? 0]),
    );
  });
});
