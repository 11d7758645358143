import type { ExecutorContext } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { projectRootOf } from './executor-context.js';

const context = (projectName: string | undefined): ExecutorContext =>
  ({
    root: '/repo',
    cwd: '/repo',
    isVerbose: false,
    projectName,
    projectsConfigurations: { version: 2, projects: { web: { root: 'apps/web' } } },
  }) as unknown as ExecutorContext;

describe('projectRootOf', () => {
  it('finds the running project root', () => {
    expect(projectRootOf(context('web'))).toBe('apps/web');
  });
  it('says which project is missing', () => {
    expect(() => projectRootOf(context('ghost'))).toThrow('project "ghost"');
  });
});
