import { isAbsolute, join, relative } from 'node:path';
import { ActionableError } from './actionable-error.js';

/**
 * Resolve a path option given relative to the workspace root, with {projectRoot} and {workspaceRoot}
 * replaced as in Nx target configuration. Refuses absolute paths and paths that leave the workspace,
 * naming the option.
 */
export function resolveInWorkspace(
  workspaceRoot: string,
  projectRoot: string,
  path: string,
  option: string,
): string {
  const expanded = path.replaceAll('{projectRoot}', projectRoot).replace(/^\{workspaceRoot\}\/?/, '');
  const absolute = join(workspaceRoot, expanded);
  const rel = relative(workspaceRoot, absolute);
  if (isAbsolute(expanded) || rel.startsWith('..')) {
    throw new ActionableError(
      `Option ${option} (${path}) must be a path inside the workspace, relative to its root.`,
    );
  }
  return absolute;
}
