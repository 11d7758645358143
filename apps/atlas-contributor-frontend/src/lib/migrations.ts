import type { Queryable } from './database';

/** What raw._migrations says: how many files are applied and the latest one. */
export interface MigrationState {
  applied: number;
  latest: { filename: string; appliedAt: Date } | null;
}

export async function readMigrationState(db: Queryable): Promise<MigrationState> {
  const { rows } = await db.query<{ filename: string; applied_at: Date; applied: string }>(
    `select filename, applied_at, count(*) over () as applied
       from raw._migrations order by applied_at desc, filename desc limit 1`,
  );
  const row = rows[0];
  return row
    ? { applied: Number(row.applied), latest: { filename: row.filename, appliedAt: row.applied_at } }
    : { applied: 0, latest: null };
}
