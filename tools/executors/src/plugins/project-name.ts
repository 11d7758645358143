import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Nx project name of the folder `root` (workspace-relative), as Nx names it: project.json "name",
 * else package.json "nx.name" or "name". Undefined when the folder is not a project.
 */
export function projectNameAt(workspaceRoot: string, root: string): string | undefined {
  const read = (file: string): Record<string, unknown> | undefined => {
    const path = join(workspaceRoot, root, file);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : undefined;
  };
  const project = read('project.json');
  if (typeof project?.['name'] === 'string') return project['name'];
  const pkg = read('package.json');
  const nx = pkg?.['nx'] as { name?: unknown } | undefined;
  if (typeof nx?.name === 'string') return nx.name;
  return typeof pkg?.['name'] === 'string' ? pkg['name'] : undefined;
}
