import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { findFreePort } from '@atlas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../logger.js';
import { startCacheServer, type RunningCacheServer } from '../server.js';
import { FileStorage } from '../storage/file-storage.js';
import { startFaultyFront, type Fault } from '../testing/faulty-front.js';
import { startCacheProxy, type CacheProxy, type CacheProxyOptions } from './cache-proxy.js';

const WRITE_TOKEN = 'main-ci-write-token-0123456789';
const READ_TOKEN = 'pull-request-read-token-0123456789';
// Generous for a loopback exchange, so that a loaded machine never turns a slow answer into a timeout.
const TIMEOUT_MS = 1000;

/** An artefact as nx stores one: a gzip stream (of random bytes, so it does not shrink). */
const artefact = gzipSync(randomBytes(256 * 1024));

async function cacheRequest(
  proxy: CacheProxy,
  method: 'GET' | 'PUT',
  hash: string,
  token = WRITE_TOKEN,
  body?: Buffer,
): Promise<{ status: number; body: Buffer; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${proxy.url}/v1/cache/${hash}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body,
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, body: bytes, ms: Math.round(performance.now() - started) };
}

const proxyEntries = () => readdirSync(tmpdir()).filter((name) => name.startsWith('atlas-cache-proxy-'));

describe('cache proxy', () => {
  let dir: string;
  let storage: FileStorage;
  let server: RunningCacheServer;
  const proxies: CacheProxy[] = [];
  const said: string[] = [];

  async function proxyTo(upstream: string, options: Partial<CacheProxyOptions> = {}): Promise<CacheProxy> {
    const proxy = await startCacheProxy({
      upstream,
      responseTimeoutMs: TIMEOUT_MS,
      idleTimeoutMs: TIMEOUT_MS,
      say: (line) => said.push(line),
      ...options,
    });
    proxies.push(proxy);
    return proxy;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cache-proxy-spec-'));
    storage = new FileStorage(join(dir, 'storage'));
    await storage.init();
    server = await startCacheServer({
      storage,
      readTokens: [READ_TOKEN],
      writeTokens: [WRITE_TOKEN],
      maxArtifactBytes: 1 << 24,
      logger: memoryLogger(),
    });
    // The key every faulty read below asks for exists upstream: a healthy front would answer 200.
    const seed = await proxyTo(server.url);
    expect((await cacheRequest(seed, 'PUT', '100', WRITE_TOKEN, artefact)).status).toBe(200);
  });

  afterAll(async () => {
    for (const proxy of proxies) await proxy.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("passes a healthy server's answers through, the read-only token's 403 included", async () => {
    const proxy = await proxyTo(server.url);
    expect((await cacheRequest(proxy, 'PUT', '200', WRITE_TOKEN, artefact)).status).toBe(200);
    expect((await cacheRequest(proxy, 'PUT', '200', WRITE_TOKEN, artefact)).status).toBe(409);
    const hit = await cacheRequest(proxy, 'GET', '200');
    expect(hit.status).toBe(200);
    expect(hit.body.equals(artefact)).toBe(true);
    expect((await cacheRequest(proxy, 'GET', '201')).status).toBe(404);
    expect((await cacheRequest(proxy, 'PUT', '202', READ_TOKEN, artefact)).status).toBe(403);
    expect((await cacheRequest(proxy, 'GET', '202', READ_TOKEN)).status).toBe(404);
    expect((await cacheRequest(proxy, 'GET', '200', READ_TOKEN)).status).toBe(200);
    expect(proxy.stats()).toEqual({
      hits: 2,
      misses: 2,
      stored: 1,
      exists: 1,
      readOnly: 1,
      failures: [],
      skipped: { GET: 0, PUT: 0 },
    });
  });

  it('answers anything but a cache request with 404, without asking upstream', async () => {
    const front = await startFaultyFront(server.url, 'none');
    try {
      const proxy = await proxyTo(front.url);
      const response = await fetch(`${proxy.url}/health`);
      expect(response.status).toBe(404);
      expect(front.seen).toEqual([]);
    } finally {
      await front.close();
    }
  });

  const faults: [Fault | 'refused', RegExp, RegExp][] = [
    ['bad-gateway', /^answered 502 Bad Gateway$/, /^answered 502 Bad Gateway$/],
    ['refused', /^connection refused$/, /^connection refused$/],
    ['hang', /^no answer within 1000 ms$/, /^no answer within 1000 ms$/],
    [
      'stall-mid-body',
      /^body stalled: no data for 1000 ms after \d+ bytes$/,
      /^(upload stalled: no progress for 1000 ms|no answer within 1000 ms)$/,
    ],
    [
      'reset-mid-body',
      /^(connection reset before the exchange was complete|body ended after \d+ of \d+ bytes)$/,
      /^(connection reset before the exchange was complete|the server closed the connection during the upload)$/,
    ],
    ['not-an-artefact', /^the body is not a complete tar\.gz/, /^$/],
    [
      'unauthorized',
      /^answered 401 Unauthorized \(the token was refused\)$/,
      /^answered 401 Unauthorized \(the token was refused\)$/,
    ],
  ];

  it.each(faults)(
    'upstream %s: a read becomes a 404 and a write a 403, each reported with its reason',
    async (fault, readReason, writeReason) => {
      const front = fault === 'refused' ? undefined : await startFaultyFront(server.url, fault, () => false);
      const upstream = front?.url ?? `http://127.0.0.1:${await findFreePort()}`;
      try {
        const proxy = await proxyTo(upstream);
        const read = await cacheRequest(proxy, 'GET', '100');
        expect(read.status).toBe(404);
        const hash = `3${Math.floor(Math.random() * 1e9)}`;
        const write = await cacheRequest(proxy, 'PUT', hash, WRITE_TOKEN, artefact);
        const { failures } = proxy.stats();
        expect(failures[0]).toMatchObject({
          method: 'GET',
          hash: '100',
          reason: expect.stringMatching(readReason),
        });
        if (fault === 'not-an-artefact') {
          // The front passes writes through: this one is stored for real.
          expect(write.status).toBe(200);
          expect(failures).toHaveLength(1);
        } else {
          expect(write.status).toBe(403);
          expect(failures[1]).toMatchObject({
            method: 'PUT',
            hash,
            reason: expect.stringMatching(writeReason),
          });
          // Never stored behind nx's back, whatever the front did with the body.
          expect((await cacheRequest(await proxyTo(server.url), 'GET', hash)).status).toBe(404);
        }
        expect(said.some((line) => line.startsWith(`remote cache GET 100: ${failures[0]?.reason}`))).toBe(
          true,
        );
        process.stdout.write(
          `[timing] ${fault}: GET -> ${read.status} in ${read.ms} ms, PUT -> ${write.status} in ${write.ms} ms\n`,
        );
      } finally {
        await front?.close();
      }
    },
  );

  it('stops asking a hanging upstream after timeouts in a row, then tries once more after the cooldown', async () => {
    const front = await startFaultyFront(server.url, 'hang', () => false);
    try {
      const proxy = await proxyTo(front.url, { breakerThreshold: 2, breakerCooldownMs: 500 });
      const first = await Promise.all([cacheRequest(proxy, 'GET', '401'), cacheRequest(proxy, 'GET', '402')]);
      expect(first.map((r) => r.status)).toEqual([404, 404]);
      expect(said).toContain(
        `remote cache: 2 timeouts in a row; not asking ${front.url} for 1 s (reads are misses, writes are dropped)`,
      );
      const skipped = await cacheRequest(proxy, 'GET', '403');
      const skippedWrite = await cacheRequest(proxy, 'PUT', '404', WRITE_TOKEN, artefact);
      expect([skipped.status, skippedWrite.status]).toEqual([404, 403]);
      expect(proxy.stats().skipped).toEqual({ GET: 1, PUT: 1 });
      expect(front.seen.map((r) => r.path)).toEqual(['/v1/cache/401', '/v1/cache/402']);
      process.stdout.write(
        `[timing] breaker: skipped GET in ${skipped.ms} ms, PUT in ${skippedWrite.ms} ms\n`,
      );

      await new Promise((r) => setTimeout(r, 600));
      front.fault = 'none';
      const trial = await cacheRequest(proxy, 'GET', '100');
      expect(trial.status).toBe(200);
      expect((await cacheRequest(proxy, 'GET', '405')).status).toBe(404);
      expect(front.seen.map((r) => r.path).slice(2)).toEqual(['/v1/cache/100', '/v1/cache/405']);
    } finally {
      await front.close();
    }
  });

  it('keeps asking a server that fails fast: a 502 costs nothing, and the next answer may be good', async () => {
    const front = await startFaultyFront(server.url, 'bad-gateway', () => false);
    try {
      const proxy = await proxyTo(front.url, { breakerThreshold: 2 });
      for (const hash of ['501', '502', '503', '504'])
        expect((await cacheRequest(proxy, 'GET', hash)).status).toBe(404);
      front.fault = 'none';
      expect((await cacheRequest(proxy, 'GET', '100')).status).toBe(200);
      expect(front.seen).toHaveLength(5);
      expect(proxy.stats()).toMatchObject({ hits: 1, skipped: { GET: 0, PUT: 0 } });
    } finally {
      await front.close();
    }
  });

  it('removes its spool folder on close', async () => {
    const before = new Set(proxyEntries());
    const proxy = await startCacheProxy({ upstream: server.url });
    const own = proxyEntries().filter((name) => !before.has(name));
    expect(own).toHaveLength(1);
    expect((await cacheRequest(proxy, 'GET', '100')).status).toBe(200);
    await proxy.close();
    await proxy.close();
    expect(proxyEntries()).not.toContain(own[0]);
  });
});
