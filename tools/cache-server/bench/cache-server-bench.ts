/**
 * Loopback throughput of the cache server (a separate process, folder storage in a temp dir):
 * PUT and GET of one 50 MB artefact, then of 1,000 small ones with a few connections kept alive.
 * Prints figures; asserts nothing. Run: `npx nx run cache-server:bench`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/atlas-cache-server.mjs', import.meta.url));
const TOKEN = 'benchmark-write-token-0123456789';
const LARGE_MB = Number(process.env['BENCH_LARGE_MB'] ?? 50);
if (!Number.isFinite(LARGE_MB) || LARGE_MB <= 0 || LARGE_MB > 2000) {
  process.stderr.write(
    `cache-server-bench: BENCH_LARGE_MB must be a number of megabytes between 0 and 2000, not "${process.env['BENCH_LARGE_MB']}".\n`,
  );
  process.exit(2);
}
const LARGE_BYTES = Math.round(LARGE_MB * 1000 * 1000);
const SMALL_COUNT = 1000;
const SMALL_BYTES = 8 * 1024;
const CONCURRENCY = 8;
const LARGE_ROUNDS = 3;

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function call(
  port: number,
  method: 'GET' | 'PUT',
  hash: string,
  body?: Buffer,
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolveCall, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: `/v1/cache/${hash}`,
        agent,
        headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-length': body.length } : {}) },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolveCall({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

async function pool<T>(items: T[], worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await worker(items[next++] as T);
    }),
  );
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cache-server-bench-'));
  const port = await freePort();
  const server = spawn(process.execPath, [BIN], {
    env: {
      ...process.env,
      PORT: String(port),
      CACHE_STORAGE: `file:${join(dir, 'store')}`,
      CACHE_WRITE_TOKENS: TOKEN,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () => {
    if (server.exitCode === null) server.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
      } catch {
        if (i > 400 || server.exitCode !== null) throw new Error('the cache server did not start');
        await new Promise((r) => setTimeout(r, 25));
      }
    }

    const rssAtStart = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1];
    const large = randomBytes(LARGE_BYTES);
    const putMbps: number[] = [];
    const getMbps: number[] = [];
    for (let round = 0; round < LARGE_ROUNDS; round++) {
      const hash = `50000000${round}`;
      const put = await timed(() => call(port, 'PUT', hash, large));
      if (put.value.status !== 200) throw new Error(`large PUT answered ${put.value.status}`);
      const get = await timed(() => call(port, 'GET', hash));
      if (get.value.status !== 200 || get.value.bytes !== LARGE_BYTES) throw new Error('large GET failed');
      putMbps.push(LARGE_BYTES / 1e6 / (put.ms / 1000));
      getMbps.push(LARGE_BYTES / 1e6 / (get.ms / 1000));
    }

    const smallBodies = Array.from({ length: SMALL_COUNT }, (_, i) => ({
      hash: String(7_000_000 + i),
      body: randomBytes(SMALL_BYTES),
    }));
    const smallPut = await timed(() =>
      pool(smallBodies, async ({ hash, body }) => {
        const r = await call(port, 'PUT', hash, body);
        if (r.status !== 200) throw new Error(`small PUT answered ${r.status}`);
      }),
    );
    const smallGet = await timed(() =>
      pool(smallBodies, async ({ hash }) => {
        const r = await call(port, 'GET', hash);
        if (r.status !== 200 || r.bytes !== SMALL_BYTES) throw new Error('small GET failed');
      }),
    );
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const peakRss = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];

    const fmt = (n: number) => n.toFixed(1);
    console.log(
      `cache-server loopback benchmark (folder storage, node ${process.version}, ${LARGE_ROUNDS} rounds for the large artefact)`,
    );
    console.log(
      `  ${LARGE_BYTES / 1e6} MB artefact   PUT ${fmt(median(putMbps))} MB/s (runs: ${putMbps.map(fmt).join(', ')})`,
    );
    console.log(
      `  ${LARGE_BYTES / 1e6} MB artefact   GET ${fmt(median(getMbps))} MB/s (runs: ${getMbps.map(fmt).join(', ')})`,
    );
    console.log(
      `  ${SMALL_COUNT} x ${SMALL_BYTES / 1024} KiB, ${CONCURRENCY} connections   PUT ${fmt(SMALL_COUNT / (smallPut.ms / 1000))} req/s (${fmt(smallPut.ms)} ms)`,
    );
    console.log(
      `  ${SMALL_COUNT} x ${SMALL_BYTES / 1024} KiB, ${CONCURRENCY} connections   GET ${fmt(SMALL_COUNT / (smallGet.ms / 1000))} req/s (${fmt(smallGet.ms)} ms)`,
    );
    if (peakRss && rssAtStart) {
      console.log(
        `  server RSS ${fmt(Number(rssAtStart) / 1024)} MiB idle, peak ${fmt(Number(peakRss) / 1024)} MiB over the whole run`,
      );
    }
  } finally {
    agent.destroy();
    stop();
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
