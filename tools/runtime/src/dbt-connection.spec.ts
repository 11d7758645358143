import { describe, expect, it } from 'vitest';
import { dbtEnvFromUrl } from './dbt-connection.js';

describe('dbtEnvFromUrl', () => {
  it('splits a URL into the DBT_PG_* variables, decoding escapes', () => {
    expect(dbtEnvFromUrl('postgres://atlas:p%40ss%2Fword@127.0.0.1:54321/atlas_tmp_1')).toEqual({
      DBT_PG_HOST: '127.0.0.1',
      DBT_PG_PORT: '54321',
      DBT_PG_USER: 'atlas',
      DBT_PG_PASSWORD: 'p@ss/word',
      DBT_PG_DBNAME: 'atlas_tmp_1',
    });
  });

  it('defaults the port, unwraps IPv6 hosts and keeps sslmode', () => {
    expect(dbtEnvFromUrl('postgresql://u@[::1]/db?sslmode=require')).toEqual({
      DBT_PG_HOST: '::1',
      DBT_PG_PORT: '5432',
      DBT_PG_USER: 'u',
      DBT_PG_PASSWORD: '',
      DBT_PG_DBNAME: 'db',
      DBT_PG_SSLMODE: 'require',
    });
  });

  it.each([
    ['not a url', 'is not a URL'],
    ['mysql://u:p@h/db', 'has the scheme "mysql"'],
    ['postgres://u:p@h:5432/', 'lacks a host, a user or a database name'],
    ['postgres://h:5432/db', 'lacks a host, a user or a database name'],
  ])('refuses %s in one line', (url, reason) => {
    expect(() => dbtEnvFromUrl(url)).toThrow(reason);
  });
});
