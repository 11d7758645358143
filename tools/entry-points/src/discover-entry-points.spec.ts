import { workspaceRoot } from '@atlas/runtime';
import { describe, expect, it } from 'vitest';
import { discoverEntryPoints, scriptOf } from './discover-entry-points.js';
import { FAILURE_CASES, NOT_DRIVEN } from './failure-cases.js';

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

// Reads every tracked file (its shebang) and every target of the project graph: its inputs are the
// whole repository, and it is cheap; the cases themselves run in tests/ (test-integration).
describe('every entry point of the repository', () => {
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
});
