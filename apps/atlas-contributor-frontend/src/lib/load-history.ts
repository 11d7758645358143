import type { Queryable } from './database';
import { INGEST_SOURCES } from './ingest-sources';

export type LoadStatus = 'running' | 'succeeded' | 'failed';

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
  started_at: Date;
  finished_at: Date | null;
  rows: number | null;
  error: string | null;
}

/**
 * The last `perSource` loads of every source from raw._loads: every catalogue source (in catalogue
 * order, with no loads when it was never loaded), then any other source the table names.
 */
export async function readLoadHistory(db: Queryable, perSource = 5): Promise<SourceLoads[]> {
  const recent = await db.query<LoadRow>(
    `select load_id, source, status, started_at, finished_at, rows, error
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
      status: row.status,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      rows: row.rows,
      error: row.error,
    });
  }
  for (const row of succeeded.rows) entry(row.source, false).lastSucceededAt = row.last_succeeded_at;
  return [...bySource.values()];
}
