import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, MigrationError, sha256 } from '../src/migrate/migrator.js';
import { TestServer, withClient } from './support/database.js';

describe('migrate (embedded PostgreSQL)', () => {
  let server: TestServer;
  let dir: string;
  /** The shipped migration files, in the order they apply. */
  let shipped: string[];

  beforeAll(async () => {
    server = await TestServer.start('atlas_ingest_migrate');
    shipped = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atlas-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('applies the shipped migrations once, records their checksums, and is a no-op the second time', async () => {
    const url = await server.createDatabase();
    expect(shipped.slice(0, 2)).toEqual(['0001_raw_schema.sql', '0002_real_source_shapes.sql']);
    const first = await migrate(url);
    expect(first).toEqual({ applied: shipped, alreadyApplied: 0, abandoned: [] });
    expect(await migrate(url)).toEqual({ applied: [], alreadyApplied: shipped.length, abandoned: [] });

    await withClient(url, async (client) => {
      const recorded = await client.query<{ filename: string; checksum: string }>(
        'select filename, checksum from raw._migrations',
      );
      expect(recorded.rows).toEqual(
        await Promise.all(
          shipped.map(async (filename) => ({
            filename,
            checksum: sha256(await readFile(join(MIGRATIONS_DIR, filename), 'utf8')),
          })),
        ),
      );
    });
  });

  it('refuses, in one line, to run when an applied file was edited', async () => {
    const url = await server.createDatabase();
    await writeFile(join(dir, '9003_add_note.sql'), 'create table raw.note (id int);\n');
    await migrate(url, { dir });
    await writeFile(join(dir, '9003_add_note.sql'), 'create table raw.note (id int, text text);\n');
    await writeFile(join(dir, '9004_more.sql'), 'create table raw.more (id int);\n');

    const error = await migrate(url, { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(
      /^migration 9003_add_note\.sql was edited after it was applied \(checksum [0-9a-f]{12} recorded, [0-9a-f]{12} on disk\): revert the edit and add a new migration file instead\.$/,
    );
    // Nothing after the refusal ran.
    await withClient(url, async (client) => {
      expect((await client.query(`select to_regclass('raw.more') as t`)).rows[0]).toEqual({ t: null });
    });
  });

  it('refuses when an applied file disappeared', async () => {
    const url = await server.createDatabase();
    await writeFile(join(dir, '9003_add_note.sql'), 'create table raw.note (id int);\n');
    await migrate(url, { dir });
    await rm(join(dir, '9003_add_note.sql'));
    await expect(migrate(url, { dir })).rejects.toThrow(
      'migration 9003_add_note.sql was applied but is missing from the migrations folder: restore it (applied migrations are never removed).',
    );
  });

  it('rolls a failing file back whole and does not record it', async () => {
    const url = await server.createDatabase();
    await writeFile(
      join(dir, '9003_broken.sql'),
      'create table raw.half (id int);\nselect * from raw.no_such_table;\n',
    );
    await expect(migrate(url, { dir })).rejects.toThrow(
      /^migration 9003_broken\.sql failed and was rolled back: relation "raw\.no_such_table" does not exist$/,
    );
    await withClient(url, async (client) => {
      expect((await client.query(`select to_regclass('raw.half') as t`)).rows[0]).toEqual({ t: null });
      expect((await client.query('select filename from raw._migrations order by 1')).rows).toEqual(
        shipped.map((filename) => ({ filename })),
      );
    });
  });

  it('refuses a file name that does not follow NNNN_name.sql', async () => {
    await writeFile(join(dir, '2-fix.sql'), 'select 1;\n');
    await expect(migrate(await server.createDatabase(), { dir })).rejects.toThrow(
      /migration file name "2-fix\.sql" does not match NNNN_name\.sql/,
    );
  });

  it('serializes concurrent runs with the advisory lock: each file is applied exactly once', async () => {
    const url = await server.createDatabase();
    // A slow second file widens the window in which an unlocked second run would collide.
    await writeFile(join(dir, '9003_slow.sql'), 'select pg_sleep(0.5);\ncreate table raw.slow (id int);\n');
    const runs = await Promise.all([migrate(url, { dir }), migrate(url, { dir }), migrate(url, { dir })]);
    const appliedByRun = runs.map((r) => r.applied).sort((a, b) => b.length - a.length);
    expect(appliedByRun).toEqual([[...shipped, '9003_slow.sql'], [], []]);
    const all = shipped.length + 1;
    expect(runs.map((r) => r.alreadyApplied).sort()).toEqual([0, all, all]);
  });
});
