import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ColumnSpec, RawRow } from '../catalogue/source-definition.js';
import { copyTextChunks, copyValue } from './copy-text.js';

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

/**
 * Replace all rows of raw.<table> inside ONE transaction: lock the source (a concurrent load of the
 * same source waits), delete the old rows, stream the new ones with COPY FROM STDIN, run `finish`
 * (the bookkeeping that must commit with the data), commit. Any failure rolls back, so the previous
 * rows stay exactly as they were.
 */
export async function replaceRows(
  client: pg.Client,
  target: ReplaceTarget,
  rows: Iterable<RawRow>,
  finish: (client: pg.Client) => Promise<void> = async () => undefined,
): Promise<{ rows: number; loadedAt: string }> {
  const table = `raw.${ident(target.table)}`;
  const columns = [...target.columns.map((c) => ident(c.name)), '"_load_id"', '"_loaded_at"'].join(', ');
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`atlas-ingest:${target.source}`]);
    const now = await client.query<{ now: string }>(
      `select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`,
    );
    const loadedAt = now.rows[0]?.now as string;
    await client.query(`delete from ${table}`);
    const suffix = `\t${copyValue(target.loadId)}\t${loadedAt}`;
    const copy = client.query(copyFrom(`copy ${table} (${columns}) from stdin`));
    await pipeline(Readable.from(copyTextChunks(rows, suffix)), copy);
    const count = Number(copy.rowCount ?? 0);
    await finish(client);
    await client.query('commit');
    return { rows: count, loadedAt };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
