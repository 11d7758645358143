import pg from 'pg';
import type { SourceDefinition } from '../catalogue/source-definition.js';
import { fetchContext, type HttpSettings } from '../fetch/fetch-context.js';
import { replaceRows } from './replace-rows.js';
import { lockSource, markAbandonedLoads, unlockSource } from './source-lock.js';

export interface IngestOptions {
  databaseUrl: string;
  /** Replaces the source's upstream base URL (the fixture server, a test server). */
  baseUrl?: string;
  /** Timeouts and retries of the HTTP requests. */
  http?: HttpSettings;
  log?: (line: string) => void;
}

export interface IngestResult {
  source: string;
  /** schema-qualified, e.g. raw.ssb_population */
  table: string;
  rows: number;
  payloadSha256: string;
  loadId: string;
  url: string;
  startedAt: Date;
  finishedAt: Date;
}

/** A load that failed; the message is one line that starts with the source id. */
export class IngestError extends Error {
  constructor(
    readonly source: string,
    message: string,
    readonly loadId?: string,
  ) {
    super(message.startsWith(`${source}:`) ? message : `${source}: ${message}`);
    this.name = 'IngestError';
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function missingSchema(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '42P01' || code === '3F000' || code === '42883';
}

/**
 * One load of a source. It takes the source's session lock (a concurrent load of the source
 * waits), marks loads whose process died as abandoned, records itself as running in raw._loads,
 * then fetches and reads the payload while it streams into raw.<table> in one transaction with the
 * delete of the old rows and the mark as succeeded. On any failure the data transaction rolls back
 * (the previous rows stay) and the load is marked failed in a transaction of its own. If the
 * process dies instead, PostgreSQL releases the lock and the next load or migrate marks the row
 * abandoned.
 */
export async function ingestSource(source: SourceDefinition, options: IngestOptions): Promise<IngestResult> {
  const client = new pg.Client({
    connectionString: options.databaseUrl,
    application_name: `atlas-ingest ${source.id}`,
  });
  await client.connect();
  try {
    let loadId: string;
    let startedAt: Date;
    try {
      await lockSource(client, source.id);
      const abandoned = await markAbandonedLoads(client, source.id);
      if (abandoned.length > 0)
        options.log?.(
          `${source.id}: marked ${abandoned.length} earlier load(s) abandoned (${abandoned.join(', ')}): their process ended without finishing.`,
        );
      const started = await client.query<{ load_id: string; started_at: Date }>(
        `insert into raw._loads (source, status, started_at) values ($1, 'running', clock_timestamp()) returning load_id, started_at`,
        [source.id],
      );
      loadId = String(started.rows[0]?.load_id);
      startedAt = started.rows[0]?.started_at as Date;
    } catch (error) {
      if (missingSchema(error))
        throw new IngestError(
          source.id,
          'raw._loads does not exist or is not migrated: run `atlas-ingest migrate` first.',
        );
      throw new IngestError(
        source.id,
        `cannot record the load in raw._loads: ${oneLine((error as Error).message)}`,
      );
    }

    const baseUrl = (options.baseUrl ?? source.baseUrl).replace(/\/+$/, '');
    const ctx = fetchContext(baseUrl, options.http, options.log);
    try {
      const loaded = await replaceRows(
        client,
        { table: source.table, columns: source.columns, loadId, source: source.id },
        source.read(ctx),
        async (c, rows) => {
          if (rows === 0) throw new Error(`the payload holds no rows: raw.${source.table} is kept as it is`);
          await c.query(
            `update raw._loads set status = 'succeeded', rows = $2, payload_sha256 = $3, finished_at = clock_timestamp() where load_id = $1`,
            [loadId, rows, ctx.payloadSha256()],
          );
        },
      );
      const finished = await client.query<{ finished_at: Date }>(
        'select finished_at from raw._loads where load_id = $1',
        [loadId],
      );
      return {
        source: source.id,
        table: `raw.${source.table}`,
        rows: loaded.rows,
        payloadSha256: ctx.payloadSha256(),
        loadId,
        url: ctx.firstUrl() ?? `${baseUrl}${source.firstRequest().path}`,
        startedAt,
        finishedAt: finished.rows[0]?.finished_at ?? new Date(),
      };
    } catch (error) {
      const message = new IngestError(source.id, oneLine((error as Error).message), loadId).message;
      // Its own transaction (autocommit): the failure is on record even though the data rolled back.
      await client
        .query(
          `update raw._loads set status = 'failed', finished_at = clock_timestamp(), error = $2 where load_id = $1`,
          [loadId, message],
        )
        .catch(() => undefined);
      throw new IngestError(source.id, message, loadId);
    } finally {
      await unlockSource(client, source.id).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
