import { describe, expect, it } from 'vitest';
import { resolveInWorkspace } from './workspace-path.js';

describe('resolveInWorkspace', () => {
  it('resolves relative paths and the Nx tokens', () => {
    expect(resolveInWorkspace('/repo', 'apps/web', 'dist/site', 'buildDir')).toBe('/repo/dist/site');
    expect(resolveInWorkspace('/repo', 'apps/web', '{projectRoot}/build', 'buildDir')).toBe(
      '/repo/apps/web/build',
    );
    expect(resolveInWorkspace('/repo', 'apps/web', '{workspaceRoot}/dist/x', 'buildDir')).toBe(
      '/repo/dist/x',
    );
    expect(resolveInWorkspace('/repo', 'apps/web', '.', 'cwd')).toBe('/repo');
  });

  it('refuses absolute paths and paths leaving the workspace, naming the option', () => {
    expect(() => resolveInWorkspace('/repo', 'apps/web', '/etc/x', 'buildDir')).toThrow(
      'Option buildDir (/etc/x) must be a path inside the workspace, relative to its root.',
    );
    expect(() => resolveInWorkspace('/repo', 'apps/web', '{projectRoot}/../../../x', 'reportFile')).toThrow(
      /Option reportFile/,
    );
  });
});
