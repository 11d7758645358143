import { startEphemeralPostgres, type EphemeralPostgres } from '@atlas/runtime';
import pg from 'pg';
import { CATALOGUE } from '../../src/catalogue/catalogue-entry.js';

/**
 * One PostgreSQL server per spec file, and a fresh database on it per test that needs a clean
 * slate (createDatabase), so the cases do not depend on each other.
 */
export class TestServer {
  private counter = 0;
  private constructor(private readonly db: EphemeralPostgres) {}

  static async start(prefix: string): Promise<TestServer> {
    return new TestServer(await startEphemeralPostgres({ databasePrefix: prefix }));
  }

  get url(): string {
    return this.db.url;
  }

  async createDatabase(): Promise<string> {
    const name = `${new URL(this.db.url).pathname.slice(1)}_${++this.counter}`;
    await withClient(this.db.url, (c) => c.query(`create database "${name}"`));
    const url = new URL(this.db.url);
    url.pathname = `/${name}`;
    return url.toString();
  }

  stop(): Promise<void> {
    return this.db.stop();
  }
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The data table of every source of the catalogue (sources.json). */
export const RAW_TABLES: readonly string[] = CATALOGUE.sources.map((s) => s.table);

/** Every row of every raw data table, bookkeeping columns included, in a stable order. */
export async function snapshotRaw(url: string): Promise<Record<string, string[]>> {
  return withClient(url, async (client) => {
    const snapshot: Record<string, string[]> = {};
    for (const table of RAW_TABLES) {
      const result = await client.query<{ row: string }>(
        `select row_to_json(t)::text as row from raw.${table} t order by 1`,
      );
      snapshot[table] = result.rows.map((r) => r.row);
    }
    return snapshot;
  });
}

/** Like snapshotRaw, without _load_id and _loaded_at: the data as the sources delivered it. */
export async function snapshotData(url: string): Promise<Record<string, string[]>> {
  return withClient(url, async (client) => {
    const snapshot: Record<string, string[]> = {};
    for (const table of RAW_TABLES) {
      const result = await client.query<{ row: string }>(
        `select (to_jsonb(t) - '_load_id' - '_loaded_at')::text as row from raw.${table} t order by 1`,
      );
      snapshot[table] = result.rows.map((r) => r.row);
    }
    return snapshot;
  });
}

export interface LoadRow {
  load_id: string;
  source: string;
  status: string;
  rows: number | null;
  payload_sha256: string | null;
  error: string | null;
  finished_at: Date | null;
}

export async function loads(url: string): Promise<LoadRow[]> {
  return withClient(
    url,
    async (client) => (await client.query<LoadRow>('select * from raw._loads order by load_id')).rows,
  );
}
