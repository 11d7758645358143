import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kommuner } from '../src/catalogue/sources/kommuner/kommuner.js';
import { FIXTURES_DIR, startFixtureServer } from '../src/fixtures/fixture-server.js';
import { ingestSource } from '../src/load/ingest-source.js';
import { ABANDONED_MESSAGE } from '../src/load/source-lock.js';
import { migrate } from '../src/migrate/migrator.js';
import { loads, snapshotRaw, TestServer, withClient } from './support/database.js';

const LOAD_FROM = join(dirname(fileURLToPath(import.meta.url)), 'support', 'load-from.ts');

/** An upstream that answers the headers, then never sends the body: the load hangs mid-fetch. */
async function stallingUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"codes": [');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a load killed with SIGKILL (embedded PostgreSQL)', () => {
  let server: TestServer;
  let url: string;
  let upstream: Awaited<ReturnType<typeof stallingUpstream>>;
  const children: ChildProcess[] = [];

  /** Start a load of kommuner from the stalling upstream in a child process; resolve once it runs. */
  async function hangingLoad(): Promise<ChildProcess> {
    const before = (await loads(url)).length;
    const child = spawn(process.execPath, ['--import', 'tsx', LOAD_FROM, 'kommuner', upstream.url], {
      env: { ...process.env, ATLAS_DATABASE_URL: url },
      stdio: 'ignore',
    });
    children.push(child);
    await until('the load to record itself as running', async () =>
      (await loads(url)).slice(before).find((l) => l.status === 'running'),
    );
    return child;
  }

  /** Kill the child and wait until PostgreSQL has ended its session (and with it, the lock). */
  async function kill(child: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await until('the killed load to leave pg_stat_activity', () =>
      withClient(url, async (c) => {
        const { rows } = await c.query(
          `select 1 from pg_stat_activity where application_name = 'atlas-ingest kommuner'`,
        );
        return rows.length === 0 ? true : undefined;
      }),
    );
  }

  beforeAll(async () => {
    server = await TestServer.start('atlas_ingest_abandoned');
    url = await server.createDatabase();
    await migrate(url);
    upstream = await stallingUpstream();
    const fixtures = await startFixtureServer([kommuner], FIXTURES_DIR);
    try {
      await ingestSource(kommuner, { databaseUrl: url, baseUrl: fixtures.baseUrlOf('kommuner') });
    } finally {
      await fixtures.close();
    }
  });
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await upstream?.close();
    await server?.stop();
  });

  it('stays running while its process lives: migrate leaves a live load alone', async () => {
    const child = await hangingLoad();
    expect((await migrate(url)).abandoned).toEqual([]);
    expect((await loads(url)).at(-1)).toMatchObject({ source: 'kommuner', status: 'running' });
    await kill(child);
  });

  it('shows as abandoned after the next migrate, and its rows are untouched', async () => {
    // The load of the previous case died too: the new load, holding the source's lock, marked it.
    const before = await snapshotRaw(url);
    const child = await hangingLoad();
    await kill(child);
    const result = await migrate(url);
    expect(result.abandoned).toEqual(['kommuner']);
    const recorded = (await loads(url)).slice(-2);
    for (const load of recorded) {
      expect(load).toMatchObject({
        source: 'kommuner',
        status: 'abandoned',
        rows: null,
        error: ABANDONED_MESSAGE,
      });
      expect(load.finished_at).toBeInstanceOf(Date);
    }
    expect(await snapshotRaw(url)).toEqual(before);
    expect((await migrate(url)).abandoned).toEqual([]);
  });

  it('shows as abandoned after the next load of its source, which then succeeds', async () => {
    const child = await hangingLoad();
    await kill(child);
    const fixtures = await startFixtureServer([kommuner], FIXTURES_DIR);
    const logged: string[] = [];
    try {
      await ingestSource(kommuner, {
        databaseUrl: url,
        baseUrl: fixtures.baseUrlOf('kommuner'),
        log: (line) => logged.push(line),
      });
    } finally {
      await fixtures.close();
    }
    expect((await loads(url)).slice(-2).map((l) => l.status)).toEqual(['abandoned', 'succeeded']);
    expect(logged).toEqual([
      'kommuner: marked 1 earlier load(s) abandoned (kommuner): their process ended without finishing.',
    ]);
  });
});
