import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { withDatabaseClient, workspaceRoot } from '@atlas/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { assertPortsFree, NxSession } from './nx-session.js';
import { LOCAL_DIR, LOGS_DIR } from './output-folders.js';

const PORTS = { site: 3000, atlasFrontend: 3001, contributor: 4000, dagster: 3070 } as const;
const START_TIMEOUT_MS = 30 * 60_000;

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(180_000) });
  return { status: response.status, body: await response.text() };
}

/**
 * Where atlas-frontend is pointed (ATLAS_API_URL): PostgREST is not installed here, so a loopback
 * server that answers every /v1/<view> with no rows and records what it was asked.
 */
async function startApiRecorder(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('atlas:dev (every local surface, as Nx continuous tasks)', () => {
  let session: NxSession | undefined;
  let api: Awaited<ReturnType<typeof startApiRecorder>> | undefined;

  afterAll(async () => {
    session?.killAll();
    await new Promise((r) => (api ? api.server.close(r) : r(undefined)));
  });

  it('brings up the database built, the Dagster UI, the contributor app, the site and atlas-frontend, each on its port; Ctrl-C stops them all', async () => {
    await assertPortsFree(Object.values(PORTS));
    api = await startApiRecorder();
    session = new NxSession(
      'atlas:dev',
      { ATLAS_LOCAL_DIR: LOCAL_DIR, ATLAS_API_URL: api.url },
      join(LOGS_DIR, 'atlas-dev.log'),
    );
    await session.waitFor(/atlas:dev: every local surface answers/, START_TIMEOUT_MS);
    await session.waitFor(
      /atlas-data:dev: ready: Dagster UI on http:\/\/127\.0\.0\.1:3070/,
      START_TIMEOUT_MS,
    );

    // The database: migrated, loaded and built.
    const url = readFileSync(join(workspaceRoot, LOCAL_DIR, 'database-url'), 'utf8').trim();
    const counts = await withDatabaseClient(url, async (c) => {
      const { rows } = await c.query<{ kommuner: number; loads: number }>(
        "select (select count(*)::int from api_v1.kommuner) as kommuner, (select count(*)::int from raw._loads where status = 'succeeded') as loads",
      );
      return rows[0];
    });
    expect(counts?.kommuner).toBeGreaterThan(300);
    expect(counts?.loads).toBeGreaterThan(0);

    const dagster = await get(`http://127.0.0.1:${PORTS.dagster}/server_info`);
    expect(dagster.status).toBe(200);
    expect(JSON.parse(dagster.body)).toMatchObject({ dagster_version: '1.13.27' });

    const contributor = await get(`http://localhost:${PORTS.contributor}/`);
    expect(contributor.status).toBe(200);
    expect(contributor.body).toContain('<h1>Atlas diagnostics</h1>');
    // It reads the local database: the loads and the raw tables with their rows.
    expect(contributor.body).toContain('status-succeeded');
    expect(contributor.body).toMatch(/raw\.(<!-- -->)?kommuner/);

    const site = await get(`http://localhost:${PORTS.site}/`);
    expect(site.status).toBe(200);
    expect(site.body).toContain('<div id="__docusaurus">');

    const frontend = await get(`http://localhost:${PORTS.atlasFrontend}/`);
    expect(frontend.status).toBe(200);
    expect(frontend.body).toContain('<html');
    expect(
      api.requests.some((r) => r.startsWith('GET /v1/kommuner')),
      api.requests.join(', '),
    ).toBe(true);

    await session.interrupt();
    expect(await session.settled(120_000)).toEqual([]);
    await assertPortsFree(Object.values(PORTS));
  });
});
