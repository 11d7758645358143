import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ColumnSpec, RawRow } from '../catalogue/source-definition.js';
import { copyTextChunks, copyTextChunksAsync, copyValue } from './copy-text.js';
import { SOURCE_LOCK_KEY_SQL, sourceLockName } from './source-lock.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain lower-case SQL identifier.`);
  return `"${name}"`;
}

export interface ReplaceTarget {
  /** Table in schema raw. */
  table: string;
  columns: readonly ColumnSpec[];
  /** raw._loads.load_id of this load; written into every row's _load_id. */
  loadId: string;
  /** Source id, for the per-source lock. */
  source: string;
}

function isAsync(rows: Iterable<RawRow> | AsyncIterable<RawRow>): rows is AsyncIterable<RawRow> {
  return typeof (rows as AsyncIterable<RawRow>)[Symbol.asyncIterator] === 'function';
}

/**
 * Replace all rows of raw.<table> inside ONE transaction: lock the source (a concurrent load of the
 * same source waits), delete the old rows, stream the new ones with COPY FROM STDIN as they are
 * read, run `finish` with the row count (the bookkeeping that must commit with the data), commit.
 * Any failure, a bad row halfway through a streamed payload included, rolls back, so the previous
 * rows stay exactly as they were.
 */
export async function replaceRows(
  client: pg.Client,
  target: ReplaceTarget,
  rows: Iterable<RawRow> | AsyncIterable<RawRow>,
  finish: (client: pg.Client, rows: number) => Promise<void> = async () => undefined,
): Promise<{ rows: number; loadedAt: string }> {
  const table = `raw.${ident(target.table)}`;
  const columns = [...target.columns.map((c) => ident(c.name)), '"_load_id"', '"_loaded_at"'].join(', ');
  await client.query('begin');
  try {
    // Re-entrant when the load already holds the session lock (ingestSource does).
    await client.query(`select pg_advisory_xact_lock(${SOURCE_LOCK_KEY_SQL})`, [
      sourceLockName(target.source),
    ]);
    const now = await client.query<{ now: string }>(
      `select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`,
    );
    const loadedAt = now.rows[0]?.now as string;
    await client.query(`delete from ${table}`);
    const suffix = `\t${copyValue(target.loadId)}\t${loadedAt}`;
    const copy = client.query(copyFrom(`copy ${table} (${columns}) from stdin`));
    const text = isAsync(rows) ? copyTextChunksAsync(rows, suffix) : copyTextChunks(rows, suffix);
    await pipeline(Readable.from(text), copy);
    const count = Number(copy.rowCount ?? 0);
    await finish(client, count);
    await client.query('commit');
    return { rows: count, loadedAt };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
