import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { findFreePort, runProcess, workspaceRoot } from '@atlas/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { FAILURE_CASES } from '../src/failure-cases.js';

/** What tools keep in the temp folder on purpose between runs (tsx's transform cache). */
const TOOL_CACHES = /^(?:tsx|swc-node)-\d+$/;

describe('every entry point of the repository exits non-zero on failure', () => {
  const scratchDirs: string[] = [];
  afterAll(() => {
    for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
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
