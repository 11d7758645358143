import { createHash } from 'node:crypto';
import pg from 'pg';
import type { FetchContext, PayloadPart, SourceDefinition } from '../catalogue/source-definition.js';
import { httpRequest, type HttpRequestOptions } from '../fetch/http-client.js';
import { replaceRows } from './replace-rows.js';

export interface IngestOptions {
  databaseUrl: string;
  /** Replaces the source's upstream base URL (the fixture server, a test server). */
  baseUrl?: string;
  /** Timeouts and retries of the HTTP requests. */
  http?: Omit<HttpRequestOptions, 'method' | 'json' | 'headers'>;
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

/** SHA-256 over the payload as fetched; for a paged payload, over every page in order. */
export function payloadSha256(parts: readonly PayloadPart[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part.body);
  return hash.digest('hex');
}

export function fetchContext(
  baseUrl: string,
  http: IngestOptions['http'] = {},
  log: (line: string) => void = () => undefined,
): FetchContext {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: base,
    warn: log,
    async request(req) {
      const response = await httpRequest(`${base}${req.path}`, {
        ...http,
        method: req.method,
        json: req.body,
        headers: { accept: req.accept ?? 'application/json' },
      });
      return { url: response.url, body: response.body };
    },
  };
}

/**
 * One load of a source: record it as running in raw._loads, fetch, parse and validate the payload,
 * then replace raw.<table> and mark the load succeeded in one transaction. On any failure the data
 * transaction is rolled back (the previous rows stay) and the load is marked failed in a
 * transaction of its own.
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
      const started = await client.query<{ load_id: string; started_at: Date }>(
        `insert into raw._loads (source, status, started_at) values ($1, 'running', clock_timestamp()) returning load_id, started_at`,
        [source.id],
      );
      loadId = String(started.rows[0]?.load_id);
      startedAt = started.rows[0]?.started_at as Date;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '42P01' || code === '3F000') {
        throw new IngestError(source.id, 'raw._loads does not exist: run `atlas-ingest migrate` first.');
      }
      throw new IngestError(
        source.id,
        `cannot record the load in raw._loads: ${oneLine((error as Error).message)}`,
      );
    }

    const baseUrl = (options.baseUrl ?? source.baseUrl).replace(/\/+$/, '');
    try {
      const parts = await source.fetch(fetchContext(baseUrl, options.http, options.log));
      const sha = payloadSha256(parts);
      const rows = source.parse(parts);
      if (rows.length === 0)
        throw new Error(`the payload holds no rows: raw.${source.table} is kept as it is`);
      const loaded = await replaceRows(
        client,
        { table: source.table, columns: source.columns, loadId, source: source.id },
        rows,
        async (c) => {
          await c.query(
            `update raw._loads set status = 'succeeded', rows = $2, payload_sha256 = $3, finished_at = clock_timestamp() where load_id = $1`,
            [loadId, rows.length, sha],
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
        payloadSha256: sha,
        loadId,
        url: `${baseUrl}${source.firstRequest().path}`,
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
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
