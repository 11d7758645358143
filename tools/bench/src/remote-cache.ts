import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  cloneWorkspace,
  findFreePort,
  runNx,
  runProcess,
  type ScratchClone,
  spawnSupervised,
  type SupervisedProcess,
  workspaceRoot,
} from '@atlas/runtime';
import { parseNxRun } from '@atlas/executors/ci/nx-run-summary';

/**
 * The remote cache end to end on the real workspace: clone A runs `lint test build` cold and writes
 * every artefact to a local cache server; clone B, a fresh checkout with an empty local cache and
 * the read-only token, runs the same. Prints both times, the ratio and the share B restored. Then B
 * changes one docs page and runs again: the tasks that ran are listed, and must all be the site's.
 */
const TARGETS = (process.env['BENCH_TARGETS'] ?? 'lint test build').split(/\s+/);
const WRITE_TOKEN = 'bench-write-token';
const READ_TOKEN = 'bench-read-token';

async function provisionPython(clone: ScratchClone): Promise<number> {
  const start = performance.now();
  const result = await runProcess([process.execPath, 'tools/scripts/python-env.mjs'], {
    cwd: clone.root,
    echo: false,
    timeoutMs: 900_000,
  });
  if (result.exitCode !== 0)
    throw new Error(`python-env failed in ${clone.root}: ${result.output.trim().split('\n').at(-1)}`);
  return (performance.now() - start) / 1000;
}

async function timedRun(clone: ScratchClone, server: string, token: string) {
  const start = performance.now();
  const result = await runNx(clone.root, ['run-many', '-t', ...TARGETS, '--output-style=static'], {
    env: { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token },
    timeoutMs: 3 * 3600_000,
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.exitCode !== 0)
    throw new Error(
      `nx run-many -t ${TARGETS.join(' ')} failed in ${clone.root}: ${result.output.trim().split('\n').slice(-8).join(' | ')}`,
    );
  return { seconds, tasks: parseNxRun(result.output) };
}

/** The real server, started as operators start it: its bin, configured by environment. */
async function startServer(storageDir: string): Promise<{ url: string; process: SupervisedProcess }> {
  const port = await findFreePort();
  const server = spawnSupervised(
    [process.execPath, join(workspaceRoot, 'tools/cache-server/bin/atlas-cache-server.mjs')],
    {
      echo: false,
      env: {
        HOST: '127.0.0.1',
        PORT: String(port),
        CACHE_STORAGE: `file:${storageDir}`,
        CACHE_READ_TOKENS: READ_TOKEN,
        CACHE_WRITE_TOKENS: WRITE_TOKEN,
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const healthy = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return { url, process: server };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await server.stop();
  throw new Error(
    `the cache server did not answer ${url}/health within 20 s: ${server.tail().trim().split('\n').at(-1) ?? ''}`,
  );
}

const storageDir = mkdtempSync(join(tmpdir(), 'atlas-bench-cache-'));
const { url: serverUrl, process: server } = await startServer(storageDir);
const clones: ScratchClone[] = [];
try {
  const a = await cloneWorkspace('cold', 'npm-ci');
  clones.push(a);
  console.log(
    `npm ci + python env for clone A done; python env: ${(await provisionPython(a)).toFixed(1)} s (not counted)`,
  );
  const cold = await timedRun(a, serverUrl, WRITE_TOKEN);
  console.log(
    `cold  ${TARGETS.join(' ')}: ${cold.seconds.toFixed(1)} s, ${cold.tasks.length} tasks, ${cold.tasks.filter((t) => t.source === 'ran').length} ran`,
  );

  // The same commit as A, even if the workspace moved on while A ran: same inputs, same hashes.
  const commit = (await a.git(['rev-parse', 'HEAD'])).trim();
  const b = await cloneWorkspace('warm', 'npm-ci', commit);
  clones.push(b);
  console.log(
    `npm ci + python env for clone B done; python env: ${(await provisionPython(b)).toFixed(1)} s (not counted)`,
  );
  const warm = await timedRun(b, serverUrl, READ_TOKEN);
  const restored = warm.tasks.filter((t) => t.source === 'remote cache').length;
  const ran = warm.tasks.filter((t) => t.source === 'ran').map((t) => t.task);
  console.log(
    `warm  ${TARGETS.join(' ')}: ${warm.seconds.toFixed(1)} s, ${warm.tasks.length} tasks, ${restored} from the remote cache`,
  );
  if (ran.length) console.log(`      ran again in B (not cacheable or not restored): ${ran.join(' ')}`);
  console.log(
    `remote cache: ${(cold.seconds / warm.seconds).toFixed(1)}x faster, ` +
      `${((100 * restored) / Math.max(1, warm.tasks.length)).toFixed(0)}% of tasks restored (${restored}/${warm.tasks.length})`,
  );

  // A docs-only change on top of the warm cache: only the site's tasks may run again.
  const page = 'apps/website/docs/getting-started/index.md';
  appendFileSync(join(b.root, page), '\n<!-- bench: a docs-only change -->\n');
  const docs = await timedRun(b, serverUrl, READ_TOKEN);
  const docsRan = docs.tasks.filter((t) => t.source === 'ran').map((t) => t.task);
  const uncached = new Set(ran);
  const outside = docsRan.filter((t) => !t.startsWith('website:') && !uncached.has(t));
  console.log(
    `docs-only change (${page}) on the warm cache: ${docs.seconds.toFixed(1)} s, ${docsRan.length} of ${docs.tasks.length} tasks ran: ${docsRan.join(' ')}`,
  );
  console.log(
    outside.length === 0
      ? "      every task that ran is the site's (or is never cached)"
      : `      tasks outside the site ran: ${outside.join(' ')}`,
  );
  if (outside.length > 0) process.exitCode = 1;
} finally {
  for (const clone of clones) clone.remove();
  await server.stop();
  rmSync(storageDir, { recursive: true, force: true });
}
