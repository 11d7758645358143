import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from './logger.js';
import { startCacheServer, type RunningCacheServer } from './server.js';
import { FileStorage } from './storage/file-storage.js';
import {
  SCRATCH_PROJECTS,
  cloneEnv,
  cloneScratch,
  createScratchWorkspace,
  remoteHits,
  runNx,
  stripAnsi,
} from './testing/scratch-nx-workspace.js';

const WRITE_TOKEN = 'main-ci-write-token-0123456789';
const READ_TOKEN = 'pull-request-read-token-0123456789';

async function storedKeys(root: string): Promise<string[]> {
  const keys: string[] = [];
  for (const shard of await readdir(root)) {
    if (shard.startsWith('.')) continue;
    keys.push(...(await readdir(join(root, shard))));
  }
  return keys.sort();
}

describe('real nx against the cache server (two clones)', () => {
  let dir: string;
  let origin: string;
  let storage: FileStorage;
  let server: RunningCacheServer;
  const logger = memoryLogger();

  const remoteEnv = (clone: string, token: string) =>
    cloneEnv(clone, {
      NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url,
      NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token,
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cache-server-nx-'));
    origin = await createScratchWorkspace(dir);
    storage = new FileStorage(join(dir, 'storage'));
    await storage.init();
    server = await startCacheServer({
      storage,
      readTokens: [READ_TOKEN],
      writeTokens: [WRITE_TOKEN],
      maxArtifactBytes: 64 * 1024 * 1024,
      logger,
    });
  });

  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('clone A (read-write) fills the cache; clone B (read-only, empty local cache) restores every task byte-identical', async () => {
    const a = await cloneScratch(origin, dir, 'A');
    const runA = await runNx(
      a,
      ['run-many', '-t', 'build', '--output-style=static'],
      remoteEnv(a, WRITE_TOKEN),
    );
    expect(runA.exitCode, runA.output).toBe(0);
    expect(remoteHits(runA.output)).toEqual([]);
    const stored = logger.records.filter((r) => r['msg'] === 'audit' && r['outcome'] === 'stored');
    expect(stored).toHaveLength(SCRATCH_PROJECTS.length);
    expect(await storedKeys(storage.root)).toHaveLength(SCRATCH_PROJECTS.length);

    const b = await cloneScratch(origin, dir, 'B');
    const getsBefore = logger.records.filter(
      (r) => r['msg'] === 'request' && r['method'] === 'GET' && r['status'] === 200,
    ).length;
    const runB = await runNx(
      b,
      ['run-many', '-t', 'build', '--output-style=static'],
      remoteEnv(b, READ_TOKEN),
    );
    expect(runB.exitCode, runB.output).toBe(0);
    expect(remoteHits(runB.output)).toEqual(SCRATCH_PROJECTS.map((p) => `${p}:build`));
    expect(stripAnsi(runB.output)).toMatch(/3\/3 hit/);
    const hitsB =
      logger.records.filter((r) => r['msg'] === 'request' && r['method'] === 'GET' && r['status'] === 200)
        .length - getsBefore;
    expect(hitsB).toBe(SCRATCH_PROJECTS.length);

    for (const project of SCRATCH_PROJECTS) {
      for (const file of ['out.txt', 'blob.bin']) {
        const fromA = await readFile(join(a, 'packages', project, 'dist', file));
        const fromB = await readFile(join(b, 'packages', project, 'dist', file));
        expect(fromB.equals(fromA), `${project}/dist/${file}`).toBe(true);
      }
    }
  });

  it('a pull-request run with the read-only token builds what changed but stores nothing', async () => {
    const pr = await cloneScratch(origin, dir, 'PR');
    const { appendFile } = await import('node:fs/promises');
    await appendFile(join(pr, 'packages', 'alpha', 'build.mjs'), '// a change made in a pull request\n');
    const before = await storedKeys(storage.root);
    const run = await runNx(
      pr,
      ['run-many', '-t', 'build', '--output-style=static'],
      remoteEnv(pr, READ_TOKEN),
    );
    expect(run.exitCode, run.output).toBe(0);
    expect(remoteHits(run.output)).toEqual(['beta:build', 'gamma:build']);
    expect(await storedKeys(storage.root)).toEqual(before);
    const forbidden = logger.records.filter((r) => r['msg'] === 'audit' && r['outcome'] === 'forbidden');
    expect(forbidden.length).toBeGreaterThanOrEqual(1);
    expect(
      forbidden.every((r) => typeof r['tokenId'] === 'string' && (r['tokenId'] as string).length === 8),
    ).toBe(true);
  });

  it('nx stops with the server’s text/plain message when the token is wrong', async () => {
    const c = await cloneScratch(origin, dir, 'C');
    const run = await runNx(
      c,
      ['run-many', '-t', 'build', '--output-style=static'],
      remoteEnv(c, 'not-a-configured-token-000000'),
    );
    expect(run.exitCode).not.toBe(0);
    expect(stripAnsi(run.output)).toContain('Invalid authentication token');
  });
});
