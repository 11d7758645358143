import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from './logger.js';
import { startCacheServer, type RunningCacheServer } from './server.js';
import { FileStorage } from './storage/file-storage.js';

const WRITE = 'write-token-for-handler-tests';
const READ = 'read-token-for-handler-tests';
const LIMIT = 64 * 1024;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  continued: boolean;
}

function send(
  base: string,
  options: {
    method?: string;
    path: string;
    token?: string;
    body?: Buffer;
    chunked?: boolean;
    headers?: Record<string, string>;
  },
): Promise<Reply> {
  const url = new URL(base);
  return new Promise((resolveReply, reject) => {
    let continued = false;
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body && !options.chunked ? { 'content-length': String(options.body.length) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolveReply({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            continued,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('continue', () => {
      continued = true;
      req.end(options.body);
    });
    if (options.headers?.['expect']) return;
    if (options.chunked && options.body) {
      for (let i = 0; i < options.body.length; i += 4096) req.write(options.body.subarray(i, i + 4096));
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

async function waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('cache handler over real HTTP (folder storage)', () => {
  let dir: string;
  let storage: FileStorage;
  let server: RunningCacheServer;
  const logger = memoryLogger();
  const put = (hash: string, body: Buffer, token = WRITE) =>
    send(server.url, { method: 'PUT', path: `/v1/cache/${hash}`, token, body });
  const get = (hash: string, token = READ) => send(server.url, { path: `/v1/cache/${hash}`, token });
  const audits = (hash: string) => logger.records.filter((r) => r['msg'] === 'audit' && r['hash'] === hash);
  const incoming = () => readdir(join(storage.root, '.incoming'));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cache-server-handler-'));
    storage = new FileStorage(join(dir, 'store'));
    await storage.init();
    server = await startCacheServer({
      storage,
      readTokens: [READ],
      writeTokens: [WRITE],
      maxArtifactBytes: LIMIT,
      logger,
    });
  });

  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('401 with a text/plain body for a missing or unknown token, on GET and PUT', async () => {
    for (const reply of [
      await send(server.url, { path: '/v1/cache/1' }),
      await send(server.url, { path: '/v1/cache/1', token: 'not-a-token-at-all' }),
      await send(server.url, {
        method: 'PUT',
        path: '/v1/cache/1',
        token: 'not-a-token-at-all',
        body: Buffer.from('x'),
      }),
      await send(server.url, { path: '/v1/cache/1', headers: { authorization: `Basic ${WRITE}` } }),
    ]) {
      expect(reply.status).toBe(401);
      expect(reply.headers['content-type']).toBe('text/plain');
      expect(reply.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(reply.body.toString()).toMatch(/authentication token/);
    }
    expect(await storage.has('1')).toBe(false);
  });

  it('GET answers 404 for a miss, then the exact bytes after a PUT answered 200', async () => {
    const body = randomBytes(20_000);
    expect((await get('1001')).status).toBe(404);
    const stored = await put('1001', body);
    expect(stored.status).toBe(200);
    const hit = await get('1001');
    expect(hit.status).toBe(200);
    expect(hit.headers['content-type']).toBe('application/octet-stream');
    expect(hit.headers['content-length']).toBe(String(body.length));
    expect(hit.body.equals(body)).toBe(true);
    expect((await get('1001', WRITE)).body.equals(body)).toBe(true);
  });

  it('the first write wins: a second PUT of a key answers 409 and changes nothing', async () => {
    const first = randomBytes(1000);
    expect((await put('1002', first)).status).toBe(200);
    const second = await put('1002', randomBytes(1000));
    expect(second.status).toBe(409);
    expect(second.body.toString()).toMatch(/Cannot override an existing record/);
    expect((await get('1002')).body.equals(first)).toBe(true);
    expect(audits('1002').map((a) => a['outcome'])).toEqual(['stored', 'exists']);
  });

  it('concurrent PUTs of one key: exactly one stores, the others get 409, and the winner’s bytes are kept', async () => {
    const bodies = Array.from({ length: 6 }, () => randomBytes(30_000));
    const replies = await Promise.all(bodies.map((b) => put('1003', b)));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = bodies[replies.findIndex((r) => r.status === 200)]!;
    expect((await readFile(join(storage.root, '10', '1003'))).equals(winner)).toBe(true);
    expect(await incoming()).toEqual([]);
  });

  it('a read-only token cannot write (403), also when it asks Expect: 100-continue', async () => {
    const reply = await put('1004', Buffer.from('pr artefact'), READ);
    expect(reply.status).toBe(403);
    expect(reply.headers['content-type']).toBe('text/plain');
    const expecting = await send(server.url, {
      method: 'PUT',
      path: '/v1/cache/1005',
      token: READ,
      body: randomBytes(5000),
      headers: { expect: '100-continue', 'content-length': '5000' },
    });
    expect(expecting.status).toBe(403);
    expect(expecting.continued).toBe(false);
    expect(await storage.has('1004')).toBe(false);
    expect(await storage.has('1005')).toBe(false);
    const audit = audits('1004')[0]!;
    expect(audit).toMatchObject({ action: 'cache.put', outcome: 'forbidden', bytes: 0 });
    expect(audit['tokenId']).toMatch(/^[0-9a-f]{8}$/);
  });

  it('a write token with Expect: 100-continue gets the go-ahead and stores', async () => {
    const body = randomBytes(5000);
    const reply = await send(server.url, {
      method: 'PUT',
      path: '/v1/cache/1006',
      token: WRITE,
      body,
      headers: { expect: '100-continue', 'content-length': '5000' },
    });
    expect(reply.status).toBe(200);
    expect(reply.continued).toBe(true);
    expect((await get('1006')).body.equals(body)).toBe(true);
  });

  it('413 beyond the size limit, announced by Content-Length or discovered while streaming; nothing kept', async () => {
    const announced = await put('1007', randomBytes(LIMIT + 1));
    expect(announced.status).toBe(413);
    const streamed = await send(server.url, {
      method: 'PUT',
      path: '/v1/cache/1008',
      token: WRITE,
      body: randomBytes(LIMIT + 10_000),
      chunked: true,
    });
    expect(streamed.status).toBe(413);
    expect(await storage.has('1007')).toBe(false);
    expect(await storage.has('1008')).toBe(false);
    expect(await incoming()).toEqual([]);
    expect((await put('1009', randomBytes(LIMIT))).status).toBe(200);
  });

  it('a chunked upload within the limit is stored', async () => {
    const body = randomBytes(LIMIT - 1);
    const reply = await send(server.url, {
      method: 'PUT',
      path: '/v1/cache/1010',
      token: WRITE,
      body,
      chunked: true,
    });
    expect(reply.status).toBe(200);
    expect((await get('1010')).body.equals(body)).toBe(true);
  });

  it('an upload cut off before its Content-Length is not stored, and no temporary file remains', async () => {
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(
      `PUT /v1/cache/1011 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${WRITE}\r\nContent-Length: 10000\r\n\r\n`,
    );
    socket.write(randomBytes(4000));
    let streaming = false;
    await waitFor(() => {
      void incoming().then((names) => {
        streaming ||= names.some((n) => n.startsWith('1011.'));
      });
      return streaming || undefined;
    }, 'the upload to reach the storage');
    socket.destroy();
    const audit = await waitFor(() => audits('1011')[0], 'the audit line of the cut upload');
    expect(audit['outcome']).toBe('aborted');
    const line = await waitFor(
      () => logger.records.find((r) => r['msg'] === 'request' && r['path'] === '/v1/cache/1011'),
      'request line',
    );
    expect(line).toMatchObject({ status: 499, aborted: true });
    expect(await storage.has('1011')).toBe(false);
    expect(await incoming()).toEqual([]);
  });

  it('refuses empty bodies and missing lengths', async () => {
    expect((await put('1012', Buffer.alloc(0))).status).toBe(400);
    expect(await storage.has('1012')).toBe(false);
  });

  it('rejects traversal attempts and malformed hashes with 400, touching nothing outside the store', async () => {
    for (const path of [
      '/v1/cache/../../../etc/passwd',
      '/v1/cache/..%2F..%2Fescape',
      '/v1/cache/%2e%2e',
      '/v1/cache/12/34',
      '/v1/cache/ABCDEF',
      `/v1/cache/${'1'.repeat(129)}`,
      '/v1/cache/12%0034',
    ]) {
      const reply = await send(server.url, { method: 'PUT', path, token: WRITE, body: Buffer.from('evil') });
      expect(reply.status, path).toBe(400);
      expect((await send(server.url, { path, token: WRITE })).status, path).toBe(400);
    }
    expect((await readdir(dir)).sort()).toEqual(['store']);
  });

  it('tolerates the double slash the nx client sends when the server URL ends with /', async () => {
    const body = randomBytes(100);
    expect(
      (await send(server.url, { method: 'PUT', path: '//v1/cache/1013', token: WRITE, body })).status,
    ).toBe(200);
    expect((await send(server.url, { path: '//v1/cache/1013', token: READ })).body.equals(body)).toBe(true);
  });

  it('unknown routes are 404 and other methods 405', async () => {
    expect((await send(server.url, { path: '/v1/other', token: WRITE })).status).toBe(404);
    const del = await send(server.url, { method: 'DELETE', path: '/v1/cache/1001', token: WRITE });
    expect(del.status).toBe(405);
    expect(del.headers['allow']).toBe('GET, HEAD, PUT');
    expect(await storage.has('1001')).toBe(true);
  });

  it('logs one structured request line per request and one audit line per write', async () => {
    const body = randomBytes(777);
    await put('1014', body);
    const audit = audits('1014')[0]!;
    expect(audit).toMatchObject({
      msg: 'audit',
      action: 'cache.put',
      outcome: 'stored',
      hash: '1014',
      bytes: 777,
    });
    expect(typeof audit['ms']).toBe('number');
    expect(typeof audit['time']).toBe('string');
    const line = await waitFor(
      () => logger.records.find((r) => r['msg'] === 'request' && r['path'] === '/v1/cache/1014'),
      'request line',
    );
    expect(line).toMatchObject({ method: 'PUT', status: 200, bytes: 777, level: 'info' });
    expect(JSON.stringify(logger.records)).not.toContain(WRITE);
  });

  it('GET /health is open and reports 503 when the storage becomes unusable', async () => {
    const ok = await send(server.url, { path: '/health' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString())).toEqual({ status: 'ok', storage: 'file' });
    await rm(storage.root, { recursive: true, force: true });
    const down = await send(server.url, { path: '/health' });
    expect(down.status).toBe(503);
    await storage.init();
    expect((await send(server.url, { path: '/health' })).status).toBe(200);
  });
});
