import { describe, expect, it } from 'vitest';
import { dbtEnvFromUrl } from './dbt-env.js';

describe('dbtEnvFromUrl', () => {
  it('splits a URL into the DBT_PG_* variables profiles.yml reads', () => {
    expect(dbtEnvFromUrl('postgres://atlas:s3cret@127.0.0.1:54321/atlas_tmp_1')).toEqual({
      DBT_PG_HOST: '127.0.0.1',
      DBT_PG_PORT: '54321',
      DBT_PG_USER: 'atlas',
      DBT_PG_PASSWORD: 's3cret',
      DBT_PG_DBNAME: 'atlas_tmp_1',
    });
  });

  it('decodes escaped characters, defaults the port and passes sslmode on', () => {
    expect(dbtEnvFromUrl('postgresql://data%40atlas:p%2Fw%3Ad@db.example.org/atlas?sslmode=require')).toEqual(
      {
        DBT_PG_HOST: 'db.example.org',
        DBT_PG_PORT: '5432',
        DBT_PG_USER: 'data@atlas',
        DBT_PG_PASSWORD: 'p/w:d',
        DBT_PG_DBNAME: 'atlas',
        DBT_PG_SSLMODE: 'require',
      },
    );
  });

  it('unwraps an IPv6 host', () => {
    expect(dbtEnvFromUrl('postgres://u:p@[::1]:5433/d').DBT_PG_HOST).toBe('::1');
  });

  it('refuses what is not a usable postgres URL, in one line that shows the expected shape', () => {
    expect(() => dbtEnvFromUrl('not a url')).toThrow(
      'The database URL is not a URL: expected postgres://user:password@host:port/database.',
    );
    expect(() => dbtEnvFromUrl('mysql://u:p@h/d')).toThrow(
      'The database URL has scheme mysql: expected postgres://',
    );
    expect(() => dbtEnvFromUrl('postgres://u:p@h:5432/')).toThrow('needs a host, a user and a database name');
  });
});
