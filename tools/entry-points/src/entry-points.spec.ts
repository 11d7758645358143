import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { findFreePort, runProcess, workspaceRoot } from '@atlas/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverEntryPoints, scriptOf } from './discover-entry-points.js';
import { FAILURE_CASES, NOT_DRIVEN } from './failure-cases.js';

/** What tools keep in the temp folder on purpose between runs (tsx's transform cache). */
const TOOL_CACHES = /^(?:tsx|swc-node)-\d+$/;

describe('scriptOf', () => {
  it.each([
    ['node tools/scripts/python-env.mjs', 'tools/scripts/python-env.mjs'],
    ['node --import tsx tools/bench/src/affected-noop.ts', 'tools/bench/src/affected-noop.ts'],
    ['tsx scripts/api-snapshot.ts', 'scripts/api-snapshot.ts'],
    ['node_modules/.bin/tsx a/b.ts --image x', 'a/b.ts'],
    ['sh deploy.sh', 'deploy.sh'],
    ['tools/run.sh --fast', 'tools/run.sh'],
    ['vitest run --config vitest.e2e.config.ts', undefined],
    ['../../.venv/bin/pytest', undefined],
    ['docker build -t x tools/cache-server', undefined],
  ])('%s -> %s', (command, script) => {
    expect(scriptOf(command)).toBe(script);
  });
});

describe('every entry point of the repository exits non-zero on failure', () => {
  const scratchDirs: string[] = [];
  afterAll(() => {
    for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('has a failure case, or a reason it has none', () => {
    const found = discoverEntryPoints(workspaceRoot);
    const driven = new Set(FAILURE_CASES.map((c) => c.entry));
    const undriven = [...found.keys()].filter((path) => !driven.has(path) && !(path in NOT_DRIVEN));
    expect(undriven, 'add a case to src/failure-cases.ts for each of these').toEqual([]);
    const stale = [...driven, ...Object.keys(NOT_DRIVEN)].filter(
      (entry) => !entry.startsWith('nx run ') && !found.has(entry),
    );
    expect(stale, 'cases for entry points that no longer exist').toEqual([]);
  });

  it.each(FAILURE_CASES.map((c) => [c.entry, c.when, c] as const))(
    '%s (%s)',
    async (_entry, _when, failure) => {
      const scratch = mkdtempSync(join(tmpdir(), 'atlas-entry-point-'));
      scratchDirs.push(scratch);
      // Open to others like /tmp: as root, an embedded PostgreSQL runs its binaries as another user.
      chmodSync(scratch, 0o755);
      const { argv, cwd, env } = failure.run({
        root: workspaceRoot,
        scratch: mkdtempSync(join(scratch, 'case-')),
        closedPort: await findFreePort(),
      });
      // The run's own temp folder: whatever the failing program leaves behind there is seen.
      const tempDir = mkdtempSync(join(scratch, 'tmp-'));
      chmodSync(tempDir, 0o1777);
      const result = await runProcess(argv, {
        cwd: join(workspaceRoot, cwd ?? '.'),
        env: { ATLAS_DATABASE_URL: undefined, ...env, TMPDIR: tempDir },
        echo: false,
        timeoutMs: 240_000,
      });
      const output = stripVTControlCharacters(result.output);
      expect(result.timedOut, output).toBe(false);
      expect(result.exitCode, output).toBe(failure.code);
      expect(output).toContain(failure.says);
      expect(readdirSync(tempDir).filter((name) => !TOOL_CACHES.test(name))).toEqual([]);
    },
  );
});
