import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, venvBin, workspaceRoot } from '@atlas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The real orchestration side: pipes_conformance.py materializes assets with dagster's
 * PipesSubprocessClient, each running one of tests/scripts/*.ts through tsx, and checks in Python
 * what arrived (results, event log, custom messages). Every scenario's failures come back here.
 */
const here = dirname(fileURLToPath(import.meta.url));
const SCENARIOS = ['everything', 'env-context', 'partition', 'error', 'uncaught'] as const;

let dir: string;
let summary: Record<string, { failures: string[] }> = {};
let output = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pipes-conformance-'));
  const summaryPath = join(dir, 'summary.json');
  const result = await runProcess(
    [
      venvBin('python'),
      join(here, 'pipes_conformance.py'),
      '--tsx',
      join(workspaceRoot, 'node_modules', '.bin', 'tsx'),
      '--summary',
      summaryPath,
      ...SCENARIOS,
    ],
    { cwd: dir, echo: false, timeoutMs: 200_000, env: { DAGSTER_HOME: undefined } },
  );
  output = result.output;
  try {
    summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as typeof summary;
  } catch {
    throw new Error(`pipes_conformance.py wrote no summary (exit ${String(result.exitCode)}):\n${output}`);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TS Pipes against the real dagster orchestration side', () => {
  it.each(SCENARIOS)('%s', (scenario) => {
    expect(summary[scenario], `scenario ${scenario} did not run:\n${output}`).toBeDefined();
    expect(summary[scenario]?.failures).toEqual([]);
  });
});
