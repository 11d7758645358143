import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, findWorkspaceRoot, readDatabaseUrl, resolveDbtTargetDir } from './config';

describe('readDatabaseUrl', () => {
  it('takes ATLAS_DATABASE_URL as given', () => {
    expect(readDatabaseUrl({ ATLAS_DATABASE_URL: ' postgres://atlas:secret@127.0.0.1:5433/atlas ' })).toBe(
      'postgres://atlas:secret@127.0.0.1:5433/atlas',
    );
    expect(readDatabaseUrl({ ATLAS_DATABASE_URL: 'postgresql://localhost/atlas' })).toBe(
      'postgresql://localhost/atlas',
    );
  });

  it('says what to set when it is missing or blank', () => {
    const expected =
      'ATLAS_DATABASE_URL is not set: set it to the PostgreSQL database the ingest loads into, e.g. postgres://atlas:atlas@localhost:5432/atlas.';
    expect(() => readDatabaseUrl({})).toThrow(new ConfigurationError(expected));
    expect(() => readDatabaseUrl({ ATLAS_DATABASE_URL: '   ' })).toThrow(expected);
  });

  it('rejects what is not a postgres URL without echoing it (it may hold a password)', () => {
    expect(() => readDatabaseUrl({ ATLAS_DATABASE_URL: 'secret-host:5432' })).toThrow(
      'ATLAS_DATABASE_URL must be a postgres:// URL, not secret-host:: set it to e.g. postgres://atlas:atlas@localhost:5432/atlas.',
    );
    expect(() => readDatabaseUrl({ ATLAS_DATABASE_URL: 'not a url with p4ssword' })).toThrow(
      /^ATLAS_DATABASE_URL is not a URL: set it to e\.g\. postgres:/,
    );
    expect(() => readDatabaseUrl({ ATLAS_DATABASE_URL: 'http://localhost:5432' })).toThrow(
      'must be a postgres:// URL, not http:',
    );
  });
});

describe('dbt target folder', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'atlas-config-'));
    await mkdir(join(scratch, 'repo', 'apps', 'app'), { recursive: true });
    await writeFile(join(scratch, 'repo', 'nx.json'), '{}');
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('finds the workspace root above a project folder', () => {
    expect(findWorkspaceRoot(join(scratch, 'repo', 'apps', 'app'))).toBe(join(scratch, 'repo'));
    expect(() => findWorkspaceRoot(scratch)).toThrow(
      /^No nx\.json at or above .*: run the app from inside the Atlas repository, or set ATLAS_DBT_TARGET_DIR to an absolute path\.$/,
    );
  });

  it("defaults to the dbt project's target folder in the workspace", () => {
    const root = () => join(scratch, 'repo');
    expect(resolveDbtTargetDir({}, root)).toBe(join(scratch, 'repo', 'libs', 'dbt-project', 'target'));
    expect(resolveDbtTargetDir({ ATLAS_DBT_TARGET_DIR: ' ' }, root)).toBe(
      join(scratch, 'repo', 'libs', 'dbt-project', 'target'),
    );
  });

  it('takes ATLAS_DBT_TARGET_DIR, relative to the workspace root or absolute', () => {
    const root = () => join(scratch, 'repo');
    expect(resolveDbtTargetDir({ ATLAS_DBT_TARGET_DIR: 'tmp/ci-target' }, root)).toBe(
      join(scratch, 'repo', 'tmp', 'ci-target'),
    );
    const unused = () => {
      throw new Error('an absolute folder needs no workspace root');
    };
    expect(resolveDbtTargetDir({ ATLAS_DBT_TARGET_DIR: '/srv/dbt/target' }, unused)).toBe('/srv/dbt/target');
  });
});
