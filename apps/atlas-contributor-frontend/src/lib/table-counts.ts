import type { Queryable } from './database';
import { INGEST_SOURCES } from './ingest-sources';
import { existingRawRelations } from './raw-relations';

/** The state of one raw data table. */
export interface TableCount {
  table: string;
  source: string;
  /** False when the table does not exist (the migrations have not been run). */
  exists: boolean;
  rows: number | null;
  /** max(_loaded_at): when the rows now in the table were loaded. */
  lastLoadedAt: Date | null;
}

/** Row count and load time of every raw data table of the catalogue. */
export async function readTableCounts(db: Queryable): Promise<TableCount[]> {
  const existing = await existingRawRelations(
    db,
    INGEST_SOURCES.map((s) => s.table),
  );
  const counts: TableCount[] = [];
  for (const { id, table } of INGEST_SOURCES) {
    if (!existing.has(table)) {
      counts.push({ table, source: id, exists: false, rows: null, lastLoadedAt: null });
      continue;
    }
    // The table name comes from the catalogue above, never from a request.
    const { rows } = await db.query<{ rows: string; last_loaded_at: Date | null }>(
      `select count(*) as rows, max(_loaded_at) as last_loaded_at from raw."${table}"`,
    );
    const row = rows[0];
    counts.push({
      table,
      source: id,
      exists: true,
      rows: Number(row?.rows ?? 0),
      lastLoadedAt: row?.last_loaded_at ?? null,
    });
  }
  return counts;
}
