import { ActionableError } from './actionable-error.js';

/**
 * The DBT_PG_* variables the Atlas dbt profiles read. dbt's postgres profile cannot take a connection
 * URL, while everything else in Atlas speaks ATLAS_DATABASE_URL; this splits one into the other.
 */
export interface DbtConnectionEnv {
  DBT_PG_HOST: string;
  DBT_PG_PORT: string;
  DBT_PG_USER: string;
  DBT_PG_PASSWORD: string;
  DBT_PG_DBNAME: string;
  DBT_PG_SSLMODE?: string;
}

const EXPECTED = 'expected postgres://user:password@host:port/database';

export function dbtEnvFromUrl(databaseUrl: string): DbtConnectionEnv {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new ActionableError(`The database URL is not a URL: ${EXPECTED}.`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ActionableError(`The database URL has the scheme "${url.protocol.slice(0, -1)}": ${EXPECTED}.`);
  }
  const database = decodeURIComponent(url.pathname.slice(1));
  const user = decodeURIComponent(url.username);
  if (!url.hostname || !database || !user) {
    throw new ActionableError(`The database URL lacks a host, a user or a database name: ${EXPECTED}.`);
  }
  const env: DbtConnectionEnv = {
    // URL keeps the brackets around an IPv6 address; libpq wants it bare.
    DBT_PG_HOST: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    DBT_PG_PORT: url.port || '5432',
    DBT_PG_USER: user,
    DBT_PG_PASSWORD: decodeURIComponent(url.password),
    DBT_PG_DBNAME: database,
  };
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode) env.DBT_PG_SSLMODE = sslmode;
  return env;
}
