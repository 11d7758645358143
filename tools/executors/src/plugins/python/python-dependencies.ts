import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DependencyType, type CreateDependenciesContext, type RawProjectGraphDependency } from '@nx/devkit';
import { readUvLock } from './python-packages.js';
import { pythonNodeName } from './uv-lock.js';

/**
 * Package → package edges of the Python part of the graph, from uv.lock (what each locked package
 * pulls in), so Nx hashes a Python package with everything below it. Projects get no edges to Python
 * packages: a target names the packages it runs (externalDependencies), and an edge would make every
 * `^production` input of the project hash them too (a dagster bump rerunning a TypeScript typecheck).
 */
export function pythonDependencies(context: CreateDependenciesContext): RawProjectGraphDependency[] {
  if (!existsSync(join(context.workspaceRoot, 'uv.lock'))) return [];
  const lock = readUvLock(context.workspaceRoot);
  const edges: RawProjectGraphDependency[] = [];
  const known = (name: string) => context.externalNodes?.[pythonNodeName(name)] !== undefined;
  for (const pkg of lock.packages.values()) {
    for (const dep of pkg.dependencies) {
      if (known(pkg.name) && known(dep))
        edges.push({
          source: pythonNodeName(pkg.name),
          target: pythonNodeName(dep),
          type: DependencyType.static,
        });
    }
  }
  return edges;
}
