import { describe, expect, it } from 'vitest';
import { judge, measured, reruns } from './compare.js';
import type { TaskFacts } from './task-hashes.js';

const task = (hash: string, extra: Partial<TaskFacts> = {}): TaskFacts => ({
  hash,
  executor: 'nx:run-commands',
  cache: true,
  outputs: [],
  dependsOn: [],
  readsOutputs: 'no',
  ...extra,
});

const before: Record<string, TaskFacts> = {
  'dbt:build': task('1', { outputs: ['dbt/target'] }),
  'dbt:test': task('1', { dependsOn: ['dbt:build'], readsOutputs: 'direct', outputGlob: '**/manifest.json' }),
  'site:build': task('1', { dependsOn: ['site:assets'], readsOutputs: 'transitive' }),
  'site:assets': task('1', { dependsOn: ['dbt:build'], cache: false }),
  'app:lint': task('1', { executor: 'nx:noop' }),
  'app:test': task('1'),
};

describe('reruns', () => {
  it('counts changed hashes of cacheable tasks that do work', () => {
    expect(measured(before)).toEqual(['app:test', 'dbt:build', 'dbt:test', 'site:build']);
    const after = { ...before, 'app:test': task('2'), 'app:lint': task('2', { executor: 'nx:noop' }) };
    expect([...reruns(before, after)]).toEqual(['app:test']);
  });

  it("reruns a task that hashes a rerun dependency's outputs, unless those outputs came out identical", () => {
    const after = { ...before, 'dbt:build': task('2', { outputs: ['dbt/target'] }) };
    expect([...reruns(before, after)].sort()).toEqual(['dbt:build', 'dbt:test', 'site:build']);
    expect([...reruns(before, after, (_t, glob) => glob !== '**/manifest.json')].sort()).toEqual([
      'dbt:build',
      'site:build',
    ]);
    expect([...reruns(before, after, () => false)]).toEqual(['dbt:build']);
  });
});

describe('judge', () => {
  const universe = measured(before);
  it('names what must rerun and does not, and what reruns though nothing it reads changed', () => {
    const verdict = judge(
      new Set(['dbt:build', 'site:build']),
      { mustRerun: ['dbt:*'], mayRerun: [] },
      universe,
    );
    expect(verdict).toEqual({
      rerun: ['dbt:build', 'site:build'],
      missed: ['dbt:test'],
      extra: ['site:build'],
    });
  });

  it('refuses an expectation that names a task the graph does not have', () => {
    expect(() => judge(new Set(), { mustRerun: ['nope:build'] }, universe)).toThrow('nope:build');
  });
});
