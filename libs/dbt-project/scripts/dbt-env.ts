/**
 * dbt reads its connection from DBT_PG_* variables (profiles.yml) because it cannot parse a URL;
 * the rest of Atlas speaks ATLAS_DATABASE_URL. This turns one into the other.
 */
export interface DbtConnectionEnv {
  DBT_PG_HOST: string;
  DBT_PG_PORT: string;
  DBT_PG_USER: string;
  DBT_PG_PASSWORD: string;
  DBT_PG_DBNAME: string;
  DBT_PG_SSLMODE?: string;
}

export function dbtEnvFromUrl(databaseUrl: string): DbtConnectionEnv {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error('The database URL is not a URL: expected postgres://user:password@host:port/database.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(
      `The database URL has scheme ${url.protocol.replace(/:$/, '')}: expected postgres://user:password@host:port/database.`,
    );
  }
  const dbname = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const user = decodeURIComponent(url.username);
  if (!url.hostname || !dbname || !user) {
    throw new Error(
      'The database URL needs a host, a user and a database name: postgres://user:password@host:port/database.',
    );
  }
  const env: DbtConnectionEnv = {
    // new URL keeps the brackets of an IPv6 literal; libpq wants the bare address.
    DBT_PG_HOST: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    DBT_PG_PORT: url.port || '5432',
    DBT_PG_USER: user,
    DBT_PG_PASSWORD: decodeURIComponent(url.password),
    DBT_PG_DBNAME: dbname,
  };
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode) env.DBT_PG_SSLMODE = sslmode;
  return env;
}
