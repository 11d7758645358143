import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectGraphExternalNode } from '@nx/devkit';
import { parseUvLock, pythonNodeName, type UvLock } from './uv-lock.js';

const cache = new Map<string, UvLock>();

/** The workspace's uv.lock, parsed once per content. */
export function readUvLock(workspaceRoot: string, file = 'uv.lock'): UvLock {
  const text = readFileSync(join(workspaceRoot, file), 'utf8');
  const cached = cache.get(text);
  if (cached) return cached;
  const lock = parseUvLock(text);
  cache.clear();
  cache.set(text, lock);
  return lock;
}

/**
 * Every package locked in uv.lock as an Nx external node `pypi:<name>`, hashed by its version and the
 * artefact hashes uv recorded. A target that lists `{ externalDependencies: ['pypi:dbt-core'] }` then
 * hashes that package and everything it pulls in, and nothing else of the lock: a bump of pytest no
 * longer reruns dbt.
 */
export function pythonExternalNodes(lock: UvLock): Record<string, ProjectGraphExternalNode> {
  const externalNodes: Record<string, ProjectGraphExternalNode> = {};
  for (const pkg of lock.packages.values()) {
    const name = pythonNodeName(pkg.name);
    externalNodes[name] = {
      type: 'pypi',
      name,
      data: { version: pkg.version, packageName: pkg.name, hash: pkg.hash },
    };
  }
  return externalNodes;
}
