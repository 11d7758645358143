import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '@atlas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../logger.js';
import { startCacheServer, type RunningCacheServer } from '../server.js';
import { FileStorage } from '../storage/file-storage.js';
import {
  SCRATCH_PROJECTS,
  cloneEnv,
  cloneScratch,
  createScratchWorkspace,
  runNx,
  stripAnsi,
} from '../testing/scratch-nx-workspace.js';
import { probeCacheServer, remoteCacheEnv } from './nx-with-remote-cache.js';

const BIN = fileURLToPath(new URL('../../bin/atlas-nx-ci.mjs', import.meta.url));
const WRITE_TOKEN = 'main-ci-write-token-0123456789';

describe('atlas-nx-ci', () => {
  let dir: string;
  let origin: string;
  let clones = 0;
  const logger = memoryLogger();

  const freshClone = () => cloneScratch(origin, dir, `clone-${++clones}`);
  const runCi = (clone: string, env: Record<string, string | undefined>) =>
    runProcess([process.execPath, BIN, 'run-many', '-t', 'build', '--output-style=static'], {
      cwd: clone,
      env,
      echo: false,
      timeoutMs: 180_000,
      tailLines: 400,
    });

  async function startServer(): Promise<RunningCacheServer> {
    const storage = new FileStorage(join(dir, `storage-${Date.now()}`));
    await storage.init();
    return startCacheServer({
      storage,
      readTokens: [],
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
});
