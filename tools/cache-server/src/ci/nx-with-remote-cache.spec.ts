import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort, runProcess, spawnSupervised } from '@atlas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../logger.js';
import { startCacheServer, type RunningCacheServer } from '../server.js';
import { FileStorage } from '../storage/file-storage.js';
import { startFaultyFront } from '../testing/faulty-front.js';
import {
  SCRATCH_PROJECTS,
  cloneEnv,
  cloneScratch,
  createScratchWorkspace,
  remoteHits,
  runNx,
  stripAnsi,
} from '../testing/scratch-nx-workspace.js';
import { probeCacheServer, remoteCacheEnv } from './nx-with-remote-cache.js';

const BIN = fileURLToPath(new URL('../../bin/atlas-nx-ci.mjs', import.meta.url));
const WRITE_TOKEN = 'main-ci-write-token-0123456789';
const READ_TOKEN = 'pull-request-read-token-0123456789';
const SERVER_BIN = fileURLToPath(new URL('../../bin/atlas-cache-server.mjs', import.meta.url));

describe('atlas-nx-ci', () => {
  let dir: string;
  let origin: string;
  let clones = 0;
  const logger = memoryLogger();

  const freshClone = () => cloneScratch(origin, dir, `clone-${++clones}`);
  const runCi = (
    clone: string,
    env: Record<string, string | undefined>,
    args = ['run-many', '-t', 'build'],
  ) =>
    runProcess([process.execPath, BIN, ...args, '--output-style=static'], {
      cwd: clone,
      env,
      echo: false,
      // Bounds every run: a run that hangs fails the test instead of keeping it waiting.
      timeoutMs: 180_000,
      tailLines: 400,
    });
  const lint = ['run-many', '-t', 'lint'];
  const cacheEnv = (clone: string, server: string, token = WRITE_TOKEN, extra: Record<string, string> = {}) =>
    cloneEnv(clone, {
      NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server,
      NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token,
      ...extra,
    });
  const timed = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    process.stdout.write(`[timing] ${label}: ${Math.round(performance.now() - started)} ms\n`);
    return result;
  };
  const lintRan = (output: string) =>
    SCRATCH_PROJECTS.filter((p) => stripAnsi(output).includes(`lint ${p}: ok`)).length;

  async function startServer(storageDir = join(dir, `storage-${Date.now()}`)): Promise<RunningCacheServer> {
    const storage = new FileStorage(storageDir);
    await storage.init();
    return startCacheServer({
      storage,
      readTokens: [READ_TOKEN],
      writeTokens: [WRITE_TOKEN],
      maxArtifactBytes: 1 << 26,
      logger,
    });
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cache-server-ci-'));
    origin = await createScratchWorkspace(dir);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('with the server stopped: plain nx fails, atlas-nx-ci warns loudly and builds without the remote cache', async () => {
    const server = await startServer();
    const url = server.url;
    await server.close();

    const plain = await freshClone();
    const env = (clone: string) =>
      cloneEnv(clone, {
        NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url,
        NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: WRITE_TOKEN,
      });
    const failing = await runNx(plain, ['run-many', '-t', 'build', '--output-style=static'], env(plain));
    expect(failing.exitCode, 'nx itself fails the run when its cache server is down').not.toBe(0);

    const clone = await freshClone();
    const run = await runCi(clone, { ...env(clone), GITHUB_ACTIONS: 'true' });
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toContain(`REMOTE CACHE UNAVAILABLE: ${url}`);
    expect(run.output).toContain('::warning title=Remote cache unavailable::');
    expect(stripAnsi(run.output)).toContain('Remote Cache Disabled');
    for (const project of SCRATCH_PROJECTS) {
      expect(existsSync(join(clone, 'packages', project, 'dist', 'blob.bin'))).toBe(true);
    }
  });

  it('with the server up: runs nx with the remote cache (artefacts are stored) and strips a trailing slash', async () => {
    const server = await startServer();
    try {
      const clone = await freshClone();
      const run = await runCi(
        clone,
        cloneEnv(clone, {
          NX_SELF_HOSTED_REMOTE_CACHE_SERVER: `${server.url}/`,
          NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: WRITE_TOKEN,
        }),
      );
      expect(run.exitCode, run.output).toBe(0);
      expect(run.output).toContain('is up; nx will use it');
      expect(run.output).not.toContain('REMOTE CACHE UNAVAILABLE');
      const puts = logger.records.filter(
        (r) => r['msg'] === 'request' && r['method'] === 'PUT' && r['status'] === 200,
      );
      expect(puts.map((r) => r['path'])).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\/v1\/cache\/\d+$/)]),
      );
      expect(puts).toHaveLength(SCRATCH_PROJECTS.length);
    } finally {
      await server.close();
    }
  });

  it('falls back when the token is empty or rejected', async () => {
    const server = await startServer();
    try {
      const lines: string[] = [];
      const stderr = { write: (t: string) => lines.push(t) };
      const rejected = await remoteCacheEnv({
        env: {
          NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url,
          NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'wrong-token-wrong-token',
        },
        stderr,
      });
      expect(rejected.remote).toBe(false);
      expect(rejected.env['NX_SKIP_REMOTE_CACHE']).toBe('true');
      expect(lines.join('')).toContain('rejected NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN');

      const empty = await remoteCacheEnv({ env: { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url }, stderr });
      expect(empty.remote).toBe(false);
      expect(lines.join('')).toContain('ACCESS_TOKEN is empty');

      const good = await remoteCacheEnv({
        env: {
          NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url,
          NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: WRITE_TOKEN,
        },
        stderr,
      });
      expect(good.remote).toBe(true);
      expect(good.env['NX_SKIP_REMOTE_CACHE']).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('gives up on a server that accepts connections but never answers, within the probe timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const { port } = silent.address() as { port: number };
    try {
      const result = await probeCacheServer(`http://127.0.0.1:${port}`, 300);
      expect(result).toEqual({ ok: false, reason: 'no answer from /health within 300 ms' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it("with a server that passes the probe and then answers 502 to everything: nx alone fails, atlas-nx-ci exits with the tasks' status and says the cache failed", async () => {
    const server = await startServer();
    const front = await startFaultyFront(server.url, 'bad-gateway');
    try {
      const plain = await freshClone();
      const direct = await runNx(plain, [...lint, '--output-style=static'], cacheEnv(plain, front.url));
      expect(direct.exitCode, 'nx itself fails the run on a 502').not.toBe(0);
      expect(stripAnsi(direct.output)).toContain('502');

      const clone = await freshClone();
      const run = await timed('atlas-nx-ci lint, every cache request 502', () =>
        runCi(clone, { ...cacheEnv(clone, front.url), GITHUB_ACTIONS: 'true' }, lint),
      );
      const output = stripAnsi(run.output);
      expect(run.exitCode, output).toBe(0);
      expect(lintRan(output)).toBe(SCRATCH_PROJECTS.length);
      expect(output).toContain(`REMOTE CACHE FAILED DURING THE RUN: ${front.url}`);
      expect(output).toMatch(/!! {3}GET \d+: answered 502 Bad Gateway \(\d+ ms\)/);
      expect(output).toMatch(/remote cache PUT \d+: answered 502 Bad Gateway after \d+ ms; write dropped/);
      expect(output).toContain('::warning title=Remote cache failed during the run::');

      // A failing task still fails the run: the status is the tasks', not the cache's.
      const failing = await freshClone();
      await appendFile(join(failing, 'packages/beta/build.mjs'), '// TODO\n');
      const red = await runCi(failing, cacheEnv(failing, front.url), lint);
      expect(red.exitCode, red.output).toBe(1);
      expect(stripAnsi(red.output)).toContain('lint beta: build.mjs has a TODO');
      expect(stripAnsi(red.output)).toContain('REMOTE CACHE FAILED DURING THE RUN');
    } finally {
      await front.close();
      await server.close();
    }
  });

  it.each(['hang', 'stall-mid-body'] as const)(
    'with a server that passes the probe and then %s: the run ends, bounded by the timeouts, with the tasks run here',
    async (fault) => {
      const server = await startServer();
      try {
        // The artefacts exist upstream, so a healthy front would answer 200: this one breaks those answers.
        const warm = await freshClone();
        const stored = await runCi(warm, cacheEnv(warm, server.url), lint);
        expect(stored.exitCode, stored.output).toBe(0);
        expect(stripAnsi(stored.output)).toContain(`${SCRATCH_PROJECTS.length} stored`);

        const front = await startFaultyFront(server.url, fault);
        try {
          const clone = await freshClone();
          const run = await timed(`atlas-nx-ci lint, cache ${fault}, 1000 ms timeouts`, () =>
            runCi(clone, cacheEnv(clone, front.url, WRITE_TOKEN, { ATLAS_CACHE_TIMEOUT_MS: '1000' }), lint),
          );
          const output = stripAnsi(run.output);
          expect(run.timedOut).toBe(false);
          expect(run.exitCode, output).toBe(0);
          expect(lintRan(output)).toBe(SCRATCH_PROJECTS.length);
          expect(output).toContain(`REMOTE CACHE FAILED DURING THE RUN: ${front.url}`);
          expect(output).toMatch(
            fault === 'hang'
              ? /GET \d+: no answer within 1000 ms/
              : /GET \d+: body stalled: no data for 1000 ms after \d+ bytes/,
          );
        } finally {
          await front.close();
        }
      } finally {
        await server.close();
      }
    },
  );

  it('with a server that dies mid-run: the run goes on, and the writes made before still count', async () => {
    const storageDir = join(dir, 'storage-dies');
    const port = await findFreePort();
    const serverEnv = {
      HOST: '127.0.0.1',
      PORT: String(port),
      CACHE_WRITE_TOKENS: WRITE_TOKEN,
      CACHE_STORAGE: `file:${storageDir}`,
    };
    const doomed = spawnSupervised([process.execPath, SERVER_BIN], { echo: false, env: serverEnv });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200 && !(await probeCacheServer(url, 500)).ok; i++)
      await new Promise((r) => setTimeout(r, 50));
    // Killed as soon as it has stored one artefact: the rest of the run finds it gone.
    let killed = false;
    const watcher = setInterval(() => {
      if (!killed && doomed.tail().includes('"outcome":"stored"')) {
        killed = true;
        doomed.child.kill('SIGKILL');
      }
    }, 5);
    try {
      const clone = await freshClone();
      const run = await timed('atlas-nx-ci lint --parallel=1, server killed after its first write', () =>
        runCi(clone, cacheEnv(clone, url), [...lint, '--parallel=1']),
      );
      const output = stripAnsi(run.output);
      expect(killed).toBe(true);
      expect(run.exitCode, output).toBe(0);
      expect(lintRan(output)).toBe(SCRATCH_PROJECTS.length);
      expect(output).toContain(`REMOTE CACHE FAILED DURING THE RUN: ${url}`);
      expect(output).toMatch(/PUT \d+: connection refused/);
      const storedBeforeDeath = [...doomed.tail().matchAll(/"outcome":"stored"/g)].length;
      expect(storedBeforeDeath).toBeGreaterThanOrEqual(1);
      expect(output).toMatch(new RegExp(`What worked: .*${storedBeforeDeath} stored`));
    } finally {
      clearInterval(watcher);
      await doomed.stop();
    }

    // Back up on the same storage: what was stored before the crash is served.
    const revived = await startServer(storageDir);
    try {
      const clone = await freshClone();
      const run = await runNx(clone, [...lint, '--output-style=static'], cacheEnv(clone, revived.url));
      expect(run.exitCode, run.output).toBe(0);
      expect(remoteHits(run.output).length).toBeGreaterThanOrEqual(1);
    } finally {
      await revived.close();
    }
  });

  it('with a read-only token: reads count, writes are refused by the server and nothing is stored', async () => {
    const storageDir = join(dir, 'storage-read-only');
    const server = await startServer(storageDir);
    try {
      const clone = await freshClone();
      const run = await runCi(clone, cacheEnv(clone, server.url, READ_TOKEN), lint);
      const output = stripAnsi(run.output);
      expect(run.exitCode, output).toBe(0);
      expect(output).toContain(
        `remote cache ${server.url}: 0 hits, ${SCRATCH_PROJECTS.length} misses, 0 stored, 0 already there, ${SCRATCH_PROJECTS.length} refused for a read-only token; no request failed.`,
      );
      // The folder storage keeps one folder per hash prefix; dot-folders are its temp space.
      expect((await readdir(storageDir)).filter((name) => !name.startsWith('.'))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
