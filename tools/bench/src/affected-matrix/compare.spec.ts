import { describe, expect, it } from 'vitest';
import { compareSets, expectedTasks, tasksOfTaskGraph } from './compare.js';

describe('compareSets', () => {
  it('is ok only when nothing is missing and nothing is extra', () => {
    expect(compareSets(['a', 'b'], ['b', 'a'])).toEqual({ missing: [], extra: [], ok: true });
    expect(compareSets(['a'], ['a', 'b'])).toEqual({ missing: ['b'], extra: [], ok: false });
    expect(compareSets(['a', 'c'], ['a'])).toEqual({ missing: [], extra: ['c'], ok: false });
  });
});

describe('expectedTasks', () => {
  it('lists the requested targets the expected projects really have', () => {
    const targets = { web: ['build', 'lint', 'serve'], lib: ['lint', 'test'], other: ['build'] };
    expect(expectedTasks(['web', 'lib'], targets, ['lint', 'test', 'build'])).toEqual([
      'lib:lint',
      'lib:test',
      'web:build',
      'web:lint',
    ]);
  });
});

describe('tasksOfTaskGraph', () => {
  it('reads the task ids of an nx task graph file', () => {
    expect(tasksOfTaskGraph({ graph: {}, tasks: { tasks: { 'b:test': {}, 'a:lint': {} } } })).toEqual([
      'a:lint',
      'b:test',
    ]);
  });
  it('refuses a project graph without tasks', () => {
    expect(() => tasksOfTaskGraph({ graph: { nodes: {} } })).toThrow(/no tasks\.tasks/);
  });
});
