import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { markAbandonedLoads } from '../load/source-lock.js';

/** The folder of the SQL migrations shipped with this package. */
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Key of the session advisory lock that serializes migration runs on a database ("atlas-mig"). */
export const MIGRATION_LOCK_KEY = 0x61746c61736d6967n;

const FILE_NAME = /^\d{4}_[a-z0-9_]+\.sql$/;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  filename: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  /** Files applied by this run, in order. */
  applied: string[];
  /** Files that had been applied before. */
  alreadyApplied: number;
  /** Sources of the 'running' loads this run marked abandoned (their process is gone), one per load. */
  abandoned: string[];
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  for (const filename of names) {
    if (!FILE_NAME.test(filename)) {
      throw new MigrationError(
        `migration file name "${filename}" does not match NNNN_name.sql (four digits, lower-case letters, digits and _): rename it.`,
      );
    }
    const sql = await readFile(join(dir, filename), 'utf8');
    files.push({ filename, sql, checksum: sha256(sql) });
  }
  return files;
}

/**
 * Apply the pending migrations: under a session advisory lock (concurrent runs wait for each
 * other), each file in its own transaction, its sha256 recorded in raw._migrations. Refuses to run
 * when an applied file was edited or removed. Then marks the loads whose process died 'abandoned'.
 */
export async function migrate(
  databaseUrl: string,
  options: { dir?: string; log?: (line: string) => void } = {},
): Promise<MigrationResult> {
  const files = await readMigrations(options.dir);
  const log = options.log ?? (() => undefined);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'atlas-ingest migrate' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await client.query(`
        create schema if not exists raw;
        create table if not exists raw._migrations (
          filename   text primary key,
          checksum   text not null,
          applied_at timestamptz not null default now()
        );`);
      const applied = new Map(
        (
          await client.query<{ filename: string; checksum: string }>(
            'select filename, checksum from raw._migrations',
          )
        ).rows.map((r) => [r.filename, r.checksum]),
      );
      const onDisk = new Map(files.map((f) => [f.filename, f]));
      for (const [filename, checksum] of applied) {
        const file = onDisk.get(filename);
        if (!file)
          throw new MigrationError(
            `migration ${filename} was applied but is missing from the migrations folder: restore it (applied migrations are never removed).`,
          );
        if (file.checksum !== checksum) {
          throw new MigrationError(
            `migration ${filename} was edited after it was applied (checksum ${checksum.slice(0, 12)} recorded, ${file.checksum.slice(0, 12)} on disk): revert the edit and add a new migration file instead.`,
          );
        }
      }
      const result: MigrationResult = { applied: [], alreadyApplied: applied.size, abandoned: [] };
      for (const file of files) {
        if (applied.has(file.filename)) continue;
        try {
          await client.query('begin');
          await client.query(file.sql);
          await client.query('insert into raw._migrations (filename, checksum) values ($1, $2)', [
            file.filename,
            file.checksum,
          ]);
          await client.query('commit');
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          throw new MigrationError(
            `migration ${file.filename} failed and was rolled back: ${(error as Error).message}`,
          );
        }
        log(`applied ${file.filename}`);
        result.applied.push(file.filename);
      }
      // A load killed mid-way left its row 'running'; with the schema current, say so in raw._loads.
      const live = await client.query<{ ok: boolean }>(
        `select to_regprocedure('raw.source_load_is_live(text)') is not null as ok`,
      );
      if (live.rows[0]?.ok) result.abandoned = await markAbandonedLoads(client);
      return result;
    } finally {
      await client
        .query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()])
        .catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
