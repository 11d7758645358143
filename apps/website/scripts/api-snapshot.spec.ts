import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort, runProcess } from '@atlas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const siteDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(siteDir, '..', '..', 'node_modules', '.bin', 'tsx');
const snapshotFile = join(siteDir, '..', '..', 'libs', 'dbt-project', 'api', 'openapi.json');
const postgrestDocument = readFileSync(new URL('./fixtures/postgrest-root.json', import.meta.url), 'utf8');

/** A stand-in for PostgREST's root: the OpenAPI document at `/`, like PostgREST answers it. */
function startPostgrestStandIn(): Promise<{
  url: string;
  requests: { path: string; accept: string }[];
  server: Server;
}> {
  const requests: { path: string; accept: string }[] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', accept: req.headers.accept ?? '' });
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'application/openapi+json; charset=utf-8' });
      res.end(postgrestDocument);
    } else if (req.url === '/html/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>not PostgREST</title>');
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"code":"PGRST125","message":"Invalid path specified in request URL"}');
    }
  });
  return new Promise((resolveStart) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolveStart({ url: `http://127.0.0.1:${port}`, requests, server });
    });
  });
}

function apiSnapshot(args: string[]) {
  return runProcess([tsx, join(siteDir, 'scripts', 'api-snapshot.ts'), ...args], {
    cwd: siteDir,
    echo: false,
    timeoutMs: 60_000,
    env: { ATLAS_POSTGREST_URL: undefined },
  });
}

describe('api-snapshot (CLI against a PostgREST stand-in on loopback)', () => {
  let standIn: Awaited<ReturnType<typeof startPostgrestStandIn>>;
  let dir: string;

  beforeAll(async () => {
    standIn = await startPostgrestStandIn();
    dir = mkdtempSync(join(tmpdir(), 'api-snapshot-'));
  });

  afterAll(async () => {
    await new Promise((r) => standIn.server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('rewrites the snapshot from the document PostgREST serves at its root', async () => {
    const out = join(dir, 'openapi.json');
    copyFileSync(snapshotFile, out);
    const result = await apiSnapshot([`--url=${standIn.url}`, `--out=${out}`]);
    expect(result.output).toContain(`api-snapshot: wrote ${out} from ${standIn.url}: 4 endpoint(s).`);
    expect(result.exitCode).toBe(0);
    expect(standIn.requests.at(-1)).toEqual({
      path: '/',
      accept: 'application/openapi+json, application/json',
    });
    // Same views as the contract: the refreshed file says exactly what the committed one says.
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(readFileSync(snapshotFile, 'utf8')));
  });

  it('refuses with one line, and writes nothing, when the URL does not answer', async () => {
    const out = join(dir, 'unreachable.json');
    copyFileSync(snapshotFile, out);
    const port = await findFreePort();
    const result = await apiSnapshot([`--url=http://127.0.0.1:${port}`, `--out=${out}`]);
    expect(result.exitCode).toBe(1);
    expect(result.output.trim()).toBe(
      `api-snapshot: http://127.0.0.1:${port}/ does not answer (ECONNREFUSED): start PostgREST or pass its root URL with --url. Nothing was written.`,
    );
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(snapshotFile, 'utf8'));
  });

  it('refuses an answer that is an HTTP error or not PostgREST', async () => {
    const out = join(dir, 'wrong.json');
    copyFileSync(snapshotFile, out);
    const missing = await apiSnapshot([`--url=${standIn.url}/nothing-here`, `--out=${out}`]);
    expect(missing.exitCode).toBe(1);
    expect(missing.output.trim()).toMatch(
      /^api-snapshot: http:\/\/127\.0\.0\.1:\d+\/nothing-here\/ answered HTTP 404: PostgREST serves its OpenAPI document at its root/,
    );
    const html = await apiSnapshot([`--url=${standIn.url}/html/`, `--out=${out}`]);
    expect(html.exitCode).toBe(1);
    expect(html.output.trim()).toMatch(
      /answered with something that is not JSON .*is it PostgREST\? Nothing was written\.$/,
    );
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(snapshotFile, 'utf8'));
  });

  it('asks for the URL when none is given, and rejects a URL that is not one', async () => {
    const none = await apiSnapshot([]);
    expect(none.exitCode).toBe(1);
    expect(none.output.trim()).toBe(
      'api-snapshot: no PostgREST URL: pass --url=<PostgREST root URL>, e.g. --url=http://127.0.0.1:3000',
    );
    const bad = await apiSnapshot(['--url=localhost-3000', `--out=${join(dir, 'x.json')}`]);
    expect(bad.exitCode).toBe(1);
    expect(bad.output.trim()).toBe(
      'api-snapshot: --url "localhost-3000" is not a URL: pass the PostgREST root URL (e.g. --url=http://127.0.0.1:3000). Nothing was written.',
    );
  });
});
