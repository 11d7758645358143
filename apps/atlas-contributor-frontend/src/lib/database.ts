import pg from 'pg';

/** What the query modules need from a pg Pool or Client. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

// One pool per URL for the life of the server process. Kept on globalThis so that `next dev`
// reloading this module does not leak a pool per edit.
const registry = globalThis as typeof globalThis & { __atlasDiagnosticsPools?: Map<string, pg.Pool> };

export function databasePool(url: string): pg.Pool {
  const pools = (registry.__atlasDiagnosticsPools ??= new Map());
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: url,
      max: 4,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      // A diagnostics page should never hang on a stuck query.
      statement_timeout: 15_000,
      application_name: 'atlas-contributor-frontend',
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    pools.set(url, pool);
  }
  return pool;
}

/** End every pool (tests, shutdown). */
export async function closeDatabasePools(): Promise<void> {
  const pools = registry.__atlasDiagnosticsPools;
  if (!pools) return;
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.end()));
}

/** Where a database URL points, without its credentials: host:port/database. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the configured database';
  }
}

/** One line for a failure to reach or query the database: what is wrong and what to do. */
export function describeDatabaseError(error: unknown, url: string): string {
  const where = describeDatabase(url);
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  const text = (message ?? String(error)).split('\n')[0];
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
      return `Cannot connect to PostgreSQL at ${where} (${code}): start the server or fix ATLAS_DATABASE_URL.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused the login (${text}): fix the user or password in ATLAS_DATABASE_URL.`;
    case '3D000':
      return `PostgreSQL at ${where} has no such database (${text}): create it or fix ATLAS_DATABASE_URL.`;
    default:
      return `Querying PostgreSQL at ${where} failed: ${text}${code ? ` (${code})` : ''}.`;
  }
}
