import type pg from 'pg';

/**
 * The per-source advisory lock. A load holds it at session level from before it records itself
 * as running until it has finished, so a 'running' row in raw._loads whose source lock nobody
 * holds belongs to a process that died (killed, lost its connection): PostgreSQL releases a
 * session's locks when its connection ends. The key is the same expression as
 * raw.source_lock_key() (migration 0002), which raw.source_load_is_live() and the contributor app
 * use to see a live load.
 */
export const SOURCE_LOCK_KEY_SQL = 'hashtext($1)';

export function sourceLockName(source: string): string {
  return `atlas-ingest:${source}`;
}

/** Wait for the source's lock (a concurrent load of the same source finishes first). */
export async function lockSource(client: pg.Client, source: string): Promise<void> {
  await client.query(`select pg_advisory_lock(${SOURCE_LOCK_KEY_SQL})`, [sourceLockName(source)]);
}

export async function unlockSource(client: pg.Client, source: string): Promise<void> {
  await client.query(`select pg_advisory_unlock(${SOURCE_LOCK_KEY_SQL})`, [sourceLockName(source)]);
}

/** Why an abandoned load has no result (raw._loads.error of an 'abandoned' row). */
export const ABANDONED_MESSAGE =
  'the load process ended without finishing (killed, or its connection was lost); its data transaction was rolled back, so the table kept the rows of the previous load';

/**
 * Mark as 'abandoned' the 'running' loads whose process is gone: those of `source` (its caller
 * holds the source lock, so no other load of it can be live) and those of any source whose lock
 * nobody holds. Returns the sources marked, one entry per load.
 */
export async function markAbandonedLoads(client: pg.Client, source?: string): Promise<string[]> {
  const { rows } = await client.query<{ source: string }>(
    `update raw._loads
        set status = 'abandoned', finished_at = clock_timestamp(), error = $2
      where status = 'running' and (source = $1 or not raw.source_load_is_live(source))
      returning source`,
    [source ?? null, ABANDONED_MESSAGE],
  );
  return rows.map((r) => r.source);
}
