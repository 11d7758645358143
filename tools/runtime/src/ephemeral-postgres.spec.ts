import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { folderClosedToOthers, startEphemeralPostgres, withEphemeralPostgres } from './ephemeral-postgres.js';
import { spawnSupervised } from './process.js';
import { workspaceRoot } from './workspace.js';

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function refusesConnections(url: string): Promise<boolean> {
  try {
    await query(url, 'select 1');
    return false;
  } catch {
    return true;
  }
}

/** A persistent data folder in a scratch folder of its own, removed after fn. */
async function withPersistentFolder(
  label: string,
  fn: (persistent: { dataDir: string; password: string }) => Promise<void>,
): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), `atlas-pg-${label}-spec-`));
  // As root the server runs as the postgres user, which must enter the folder.
  chmodSync(scratch, 0o755);
  try {
    await fn({ dataDir: join(scratch, 'data'), password: 'local-secret' });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// These tests start real PostgreSQL servers; ATLAS_DATABASE_URL would redirect them to another server.
const embeddedOnly = { serverUrl: undefined as string | undefined };
delete process.env['ATLAS_DATABASE_URL'];

describe('startEphemeralPostgres (embedded)', () => {
  it('starts a real PostgreSQL that accepts connections, then removes everything', async () => {
    const db = await startEphemeralPostgres(embeddedOnly);
    expect(db.kind).toBe('embedded');
    expect(db.dataDir && existsSync(join(db.dataDir, 'PG_VERSION'))).toBe(true);
    const { rows } = await query(
      db.url,
      "select current_setting('server_version_num')::int as v, current_database() as d",
    );
    expect(rows[0].v).toBeGreaterThanOrEqual(170000);
    expect(rows[0].d).toMatch(/^atlas_tmp_/);
    await db.stop();
    await db.stop(); // idempotent
    expect(await refusesConnections(db.url)).toBe(true);
    expect(existsSync(db.dataDir ?? '')).toBe(false);
  });

  it('snapshots a server with its rows and starts again from the snapshot, on a fixed database name', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'atlas-pg-snapshot-spec-'));
    try {
      const archive = join(scratch, 'pgdata.tar.gz');
      const first = await startEphemeralPostgres({ ...embeddedOnly, embedded: { database: 'atlas' } });
      await query(first.url, 'create table kept (n int); insert into kept values (42)');
      const password = decodeURIComponent(new URL(first.url).password);
      await first.saveSnapshot?.(archive);
      expect(existsSync(archive)).toBe(true);
      expect(existsSync(first.dataDir ?? '')).toBe(false);
      expect(await refusesConnections(first.url)).toBe(true);

      const again = await startEphemeralPostgres({
        ...embeddedOnly,
        embedded: { database: 'atlas', fromSnapshot: { archive, password } },
      });
      try {
        const { rows } = await query(again.url, 'select current_database() as d, (select n from kept) as n');
        expect(rows[0]).toEqual({ d: 'atlas', n: 42 });
      } finally {
        await again.stop();
      }
      expect(existsSync(again.dataDir ?? '')).toBe(false);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('keeps a persistent data folder with its rows across restarts, and refuses a second server on it', async () => {
    await withPersistentFolder('persistent', async (persistent) => {
      const first = await startEphemeralPostgres({
        ...embeddedOnly,
        embedded: { database: 'atlas', persistent },
      });
      try {
        expect(first.dataDir).toBe(persistent.dataDir);
        await query(first.url, 'create table kept (n int); insert into kept values (7)');
        await expect(
          startEphemeralPostgres({ ...embeddedOnly, embedded: { database: 'atlas', persistent } }),
        ).rejects.toThrow(/is in use by a running server \(pid \d+\)/);
      } finally {
        await first.stop();
      }
      expect(await refusesConnections(first.url)).toBe(true);
      expect(existsSync(join(persistent.dataDir, 'PG_VERSION'))).toBe(true);

      const again = await startEphemeralPostgres({
        ...embeddedOnly,
        embedded: { database: 'atlas', persistent },
      });
      try {
        expect(decodeURIComponent(new URL(again.url).password)).toBe('local-secret');
        const { rows } = await query(again.url, 'select current_database() as d, (select n from kept) as n');
        expect(rows[0]).toEqual({ d: 'atlas', n: 7 });
      } finally {
        await again.stop();
      }
      expect(existsSync(join(persistent.dataDir, 'PG_VERSION'))).toBe(true);
    });
  });

  it("says the server's own reason when it exits while starting", async () => {
    await withPersistentFolder('reason', async (persistent) => {
      const first = await startEphemeralPostgres({
        ...embeddedOnly,
        embedded: { database: 'atlas', persistent },
      });
      await first.stop();
      // A data folder written by another major version: the server refuses it and logs why.
      writeFileSync(join(persistent.dataDir, 'PG_VERSION'), '9\n');
      await expect(
        startEphemeralPostgres({ ...embeddedOnly, embedded: { database: 'atlas', persistent } }),
      ).rejects.toThrow(/^Could not start an embedded PostgreSQL: .*\(.*FATAL: .*incompatible.*\)/);
    });
  });

  it('runs two servers at once, isolated from each other', async () => {
    const [a, b] = await Promise.all([
      startEphemeralPostgres(embeddedOnly),
      startEphemeralPostgres(embeddedOnly),
    ]);
    try {
      expect(new URL(a.url).port).not.toBe(new URL(b.url).port);
      await query(a.url, 'create table only_in_a (id int)');
      const inB = await query(
        b.url,
        "select count(*)::int as n from pg_tables where tablename = 'only_in_a'",
      );
      expect(inB.rows[0].n).toBe(0);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('releases the server when the work fails', async () => {
    let url = '';
    await expect(
      withEphemeralPostgres(async (u) => {
        url = u;
        await query(u, 'select 1');
        throw new Error('work failed');
      }, embeddedOnly),
    ).rejects.toThrow('work failed');
    expect(await refusesConnections(url)).toBe(true);
  });

  it('releases the server when the process is interrupted (Ctrl-C)', async () => {
    const holder = spawnSupervised(
      [
        process.execPath,
        '--import',
        'tsx',
        join(workspaceRoot, 'tools/runtime/src/test-fixtures/hold-database.ts'),
      ],
      { echo: false, cwd: workspaceRoot, env: { ATLAS_DATABASE_URL: undefined } },
    );
    let url: string | undefined;
    let dataDir: string | undefined;
    let holderExited = false;
    void holder.exited.then(() => (holderExited = true));
    // Bounded: a holder that dies or never prints must fail the test, not keep the worker polling.
    const deadline = Date.now() + 60_000;
    while (!url) {
      [, url, dataDir] = /URL (\S+) DIR (\S+)/.exec(holder.tail()) ?? [];
      if (url) break;
      if (holderExited || Date.now() > deadline) {
        await holder.stop();
        throw new Error(
          `the database holder did not report its server: ${holder.tail().trim().split('\n').slice(-3).join(' | ')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await query(url, 'select 1');
    holder.child.kill('SIGINT');
    const result = await holder.exited;
    expect(result.exitCode).toBe(130);
    expect(await refusesConnections(url)).toBe(true);
    expect(existsSync(dataDir ?? '')).toBe(false);
  });
});

describe('folderClosedToOthers (what the postgres user of a root run cannot enter)', () => {
  it('names the nearest private folder above a path, and nothing when every folder is open', () => {
    const parent = mkdtempSync(join(tmpdir(), 'atlas-pg-perm-'));
    try {
      const inner = join(parent, 'checkout', 'node_modules');
      mkdirSync(inner, { recursive: true });
      chmodSync(parent, 0o700);
      expect(folderClosedToOthers(inner)).toBe(parent);
      chmodSync(parent, 0o755);
      expect(folderClosedToOthers(inner)).toBe(folderClosedToOthers(tmpdir()));
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('startEphemeralPostgres (external server)', () => {
  it('creates a fresh database on ATLAS_DATABASE_URL and drops it afterwards', async () => {
    await withEphemeralPostgres(async (serverUrl) => {
      const db = await startEphemeralPostgres({ serverUrl, databasePrefix: 'atlas_ci' });
      expect(db.kind).toBe('external');
      const name = new URL(db.url).pathname.slice(1);
      expect(name).toMatch(/^atlas_ci_/);
      await query(db.url, 'create table t (id int)');
      await db.stop();
      const { rows } = await query(
        serverUrl,
        `select count(*)::int as n from pg_database where datname = '${name}'`,
      );
      expect(rows[0].n).toBe(0);
    }, embeddedOnly);
  });

  it('says what to do when the server cannot be reached', async () => {
    await expect(
      startEphemeralPostgres({ serverUrl: 'postgres://nobody:x@127.0.0.1:1/postgres' }),
    ).rejects.toThrow(/Cannot create a temporary database on ATLAS_DATABASE_URL .*unset ATLAS_DATABASE_URL/);
  });
});
