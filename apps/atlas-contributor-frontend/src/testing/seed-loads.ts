import { ABANDONED_MESSAGE, REFERENCE_KOMMUNER } from '@atlas/atlas-data-ingest';
import pg from 'pg';

export const SSB_FAILURE =
  'HTTP 503 from https://data.ssb.no/api/pxwebapi/v2/tables/07459/data: Service Unavailable. Try again later, or run with --fixtures.';
export const NAV_FAILURE =
  'Payload error in row 3 of the CSV: registered_unemployed "many" is not an integer.\nNothing was loaded.';

interface LoadSpec {
  source: string;
  status: 'running' | 'succeeded' | 'failed' | 'abandoned';
  /** How long ago it finished (started a few seconds earlier); for a running load, how long ago it started. */
  ago: string;
  rows?: number;
  error?: string;
}

/**
 * A plausible history of raw._loads, written the way the loader writes it:
 * - kommuner: two successes, the latest 2 h ago (12 rows, and those rows are in raw.kommuner);
 * - ssb-population: a success 3 d ago (3 rows in the table), then a failure 10 min ago;
 * - ssb-crime: a load abandoned 2 d ago (recorded so by a migrate), and one still marked running
 *   since 5 min whose process is gone (no session holds its lock); fhi-life-expectancy: never loaded;
 * - brreg-enheter: seven daily successes (2 rows from the latest in the table), and a load running
 *   for 1 min whose process is alive (the seed's session holds the source's lock, as a load does);
 * - nav-unemployment: only a failure, 1 h ago; legacy-source: a source the catalogue no longer has.
 */
const HISTORY: LoadSpec[] = [
  { source: 'kommuner', status: 'succeeded', ago: '1 day', rows: 356 },
  { source: 'kommuner', status: 'succeeded', ago: '2 hours', rows: 12 },
  { source: 'ssb-population', status: 'succeeded', ago: '3 days', rows: 3 },
  { source: 'ssb-population', status: 'failed', ago: '10 minutes', error: SSB_FAILURE },
  { source: 'ssb-crime', status: 'abandoned', ago: '2 days', error: ABANDONED_MESSAGE },
  { source: 'ssb-crime', status: 'running', ago: '5 minutes' },
  ...[7, 6, 5, 4, 3, 2, 1].map(
    (days): LoadSpec => ({
      source: 'brreg-enheter',
      status: 'succeeded',
      ago: `${days} days`,
      rows: 1000 + days,
    }),
  ),
  { source: 'nav-unemployment', status: 'failed', ago: '1 hour', error: NAV_FAILURE },
  { source: 'brreg-enheter', status: 'running', ago: '1 minute' },
  { source: 'legacy-source', status: 'succeeded', ago: '30 days', rows: 1 },
];

async function insertLoad(client: pg.Client, load: LoadSpec): Promise<{ loadId: string; loadedAt: Date }> {
  const running = load.status === 'running';
  const { rows } = await client.query<{ load_id: string; finished_at: Date | null; started_at: Date }>(
    `insert into raw._loads (source, started_at, finished_at, rows, payload_sha256, status, error)
     values ($1, now() - $2::interval - case when $3 then interval '0' else interval '3 seconds' end,
             case when $3 then null else now() - $2::interval end,
             $4, case when $5 = 'succeeded' then repeat('ab', 32) end, $5, $6)
     returning load_id, started_at, finished_at`,
    [load.source, load.ago, running, load.rows ?? null, load.status, load.error ?? null],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into raw._loads returned no row');
  return { loadId: row.load_id, loadedAt: row.finished_at ?? row.started_at };
}

/** The live load of the seed: its session holds the source's lock until released. */
export interface SeededHistory {
  release(): Promise<void>;
}

/**
 * Write the history above into a migrated database, with the rows of the latest successes in raw.*.
 * The running brreg-enheter load stays live until `release()` (call it before stopping the server).
 */
export async function seedLoadHistory(url: string): Promise<SeededHistory> {
  const live = new pg.Client({ connectionString: url });
  await live.connect();
  // The lock a load of brreg-enheter holds while it runs (the ingest's source-lock.ts).
  await live.query(`select pg_advisory_lock(hashtext('atlas-ingest:brreg-enheter'))`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const latest = new Map<string, { loadId: string; loadedAt: Date }>();
    for (const load of HISTORY) {
      const inserted = await insertLoad(client, load);
      if (load.status === 'succeeded') latest.set(load.source, inserted);
    }
    const of = (source: string) => {
      const found = latest.get(source);
      if (!found) throw new Error(`no successful ${source} load in the seed history`);
      return [found.loadId, found.loadedAt] as const;
    };
    for (const [nummer, navn] of REFERENCE_KOMMUNER) {
      await client.query(
        `insert into raw.kommuner (kommunenummer, kommunenavn, valid_from, _load_id, _loaded_at) values ($1, $2, date '2024-01-01', $3, $4)`,
        [nummer, navn, ...of('kommuner')],
      );
    }
    for (const [nummer, population] of [
      ['0301', 717710],
      ['4601', 291940],
      ['5001', 214565],
    ] as const) {
      await client.query(
        `insert into raw.ssb_population (region_code, year, population, _load_id, _loaded_at) values ($1, 2024, $2, $3, $4)`,
        [`K-${nummer}`, population, ...of('ssb-population')],
      );
    }
    await client.query(
      `insert into raw.brreg_enheter
         (organisasjonsnummer, navn, organisasjonsform, naeringskode, antall_ansatte, har_registrert_antall_ansatte, kommunenummer, stiftelsesdato, _load_id, _loaded_at)
       values
         ('923609016', 'EQUINOR ASA', 'ASA', '06.100', 21000, true, '1103', date '1972-09-18', $1, $2),
         ('971524960', 'BERGEN KOMMUNE', 'KOMM', '84.110', 19000, true, '4601', null, $1, $2)`,
      [...of('brreg-enheter')],
    );
  } catch (error) {
    await live.end();
    throw error;
  } finally {
    await client.end();
  }
  return { release: () => live.end() };
}
