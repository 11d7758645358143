import type { Queryable } from './database';
import { INGEST_SOURCES } from './ingest-sources';

export type LoadStatus = 'running' | 'succeeded' | 'failed' | 'abandoned';

/**
 * Why a load shows as abandoned before anything recorded it so: raw._loads still says running,
 * but no live session holds the source's lock, so its process is gone.
 */
export const PROCESS_GONE =
  'its process ended without finishing (killed, or its connection was lost); the data transaction was rolled back. The next load of the source, or the next migration run, records it as abandoned.';

/** One row of raw._loads. */
export interface LoadRecord {
  loadId: string;
  source: string;
  status: LoadStatus;
  startedAt: Date;
  finishedAt: Date | null;
  rows: number | null;
  error: string | null;
}

/** The recent loads of one source, newest first, and when it last succeeded at all. */
export interface SourceLoads {
  source: string;
  /** False for a source raw._loads names that the catalogue does not know (renamed or removed). */
  known: boolean;
  loads: LoadRecord[];
  lastSucceededAt: Date | null;
}

interface LoadRow {
  load_id: string;
  source: string;
  status: LoadStatus;
  process_gone: boolean;
  started_at: Date;
  finished_at: Date | null;
  rows: number | null;
  error: string | null;
}

/**
 * The last `perSource` loads of every source from raw._loads: every catalogue source (in catalogue
 * order, with no loads when it was never loaded), then any other source the table names. A load
 * still marked running whose process is gone (no live holder of the source's lock, which a live
 * load holds; raw.source_load_is_live of the ingest's migrations) is shown as abandoned.
 */
export async function readLoadHistory(db: Queryable, perSource = 5): Promise<SourceLoads[]> {
  const liveness = await db.query<{ known: boolean }>(
    `select to_regprocedure('raw.source_load_is_live(text)') is not null as known`,
  );
  const processGone = liveness.rows[0]?.known
    ? `status = 'running' and not raw.source_load_is_live(source)`
    : 'false';
  const recent = await db.query<LoadRow>(
    `select load_id, source, status, ${processGone} as process_gone, started_at, finished_at, rows, error
       from (select l.*, row_number() over (partition by source order by started_at desc, load_id desc) as recency
               from raw._loads l) ranked
      where recency <= $1
      order by source, started_at desc, load_id desc`,
    [perSource],
  );
  const succeeded = await db.query<{ source: string; last_succeeded_at: Date }>(
    `select source, max(coalesce(finished_at, started_at)) as last_succeeded_at
       from raw._loads where status = 'succeeded' group by source`,
  );

  const bySource = new Map<string, SourceLoads>();
  const entry = (source: string, known: boolean): SourceLoads => {
    let found = bySource.get(source);
    if (!found) {
      found = { source, known, loads: [], lastSucceededAt: null };
      bySource.set(source, found);
    }
    return found;
  };
  for (const { id } of INGEST_SOURCES) entry(id, true);
  for (const row of recent.rows) {
    entry(row.source, false).loads.push({
      loadId: String(row.load_id),
      source: row.source,
      status: row.process_gone ? 'abandoned' : row.status,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      rows: row.rows,
      error: row.process_gone ? PROCESS_GONE : row.error,
    });
  }
  for (const row of succeeded.rows) entry(row.source, false).lastSucceededAt = row.last_succeeded_at;
  return [...bySource.values()];
}
