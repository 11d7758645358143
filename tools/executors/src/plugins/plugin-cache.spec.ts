import * as fs from 'node:fs';
import { join } from 'node:path';
import { resetWorkspaceContext } from '@nx/devkit/internal';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inferWorkspace, tempWorkspace } from './testing/temp-workspace.js';

// Count what the plugin reads from the workspace (its own cache file aside).
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, readFileSync: vi.fn(real.readFileSync) };
});

let workspace: ReturnType<typeof tempWorkspace>;
const readsOf = (run: () => Promise<unknown>) => async (): Promise<string[]> => {
  const spy = vi.mocked(fs.readFileSync);
  spy.mockClear();
  await run();
  return spy.mock.calls
    .map(([path]) => String(path))
    .filter((path) => path.startsWith(workspace.root) && !path.includes(join('.nx', 'workspace-data')))
    .map((path) => path.slice(workspace.root.length + 1))
    .sort();
};

beforeAll(() => {
  workspace = tempWorkspace('atlas-plugin-cache-');
});
afterAll(() => workspace.remove());

describe('the plugin cache', () => {
  it('reads the workspace once, then nothing it has cached until a file changes', async () => {
    const infer = readsOf(() => inferWorkspace(workspace.root));
    const first = await infer();
    expect(first).toContain('libs/dbt/pyproject.toml');
    expect(first).toContain('uv.lock');
    expect(await infer()).toEqual([]);
    const before = await inferWorkspace(workspace.root);

    workspace.write('libs/ts/src/c.spec.ts', "import { a } from './a.js';\n");
    // The next Nx command hashes the files afresh (this process keeps one file index until reset).
    resetWorkspaceContext();
    const third = await infer();
    expect(third).toContain('libs/ts/src/c.spec.ts');
    expect(third).not.toContain('libs/dbt/pyproject.toml');
    const after = await inferWorkspace(workspace.root);
    expect(after.projects['libs/dbt']).toEqual(before.projects['libs/dbt']);
    expect(after.projects['libs/ts']?.targets?.['test-unit']?.metadata?.['description']).toMatch(/2 files/);
  });
});
