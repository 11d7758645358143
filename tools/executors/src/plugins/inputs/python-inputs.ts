import type { UvLock } from '../python/uv-lock.js';
import { pythonNodeName } from '../python/uv-lock.js';

/**
 * The Python packages a target runs, as Nx external nodes: what the uv workspace member at `memberPath`
 * asks for (its dependencies and the named groups), and for `tools` the packages that provide them
 * (ruff, pytest). Nx hashes each node with everything below it, so the target reruns exactly when a
 * package in that closure changes in uv.lock.
 */
export function pythonPackageInputs(
  lock: UvLock | undefined,
  options: { memberPath?: string; groups?: string[]; tools?: string[] },
): Array<{ externalDependencies: string[] }> {
  if (!lock) return [];
  const roots = new Set<string>(options.tools ?? []);
  if (options.memberPath !== undefined) {
    const member = [...lock.members.values()].find((m) => m.path === options.memberPath);
    if (member) {
      for (const dep of member.dependencies) roots.add(dep);
      for (const group of options.groups ?? []) for (const dep of member.groups[group] ?? []) roots.add(dep);
    }
  }
  // Workspace members among the roots are folders (hashed as files), not packages: take their packages.
  const packages = new Set<string>();
  const expand = (name: string, seen: Set<string>) => {
    const member = lock.members.get(name);
    if (!member) {
      if (lock.packages.has(name)) packages.add(name);
      return;
    }
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of member.dependencies) expand(dep, seen);
  };
  const seen = new Set<string>();
  for (const root of roots) expand(root, seen);
  return packages.size > 0 ? [{ externalDependencies: [...packages].sort().map(pythonNodeName) }] : [];
}

/** The uv workspace member whose folder is `root`, if any. */
export function memberAt(lock: UvLock | undefined, root: string): string | undefined {
  if (!lock) return undefined;
  return [...lock.members.values()].find((m) => m.path === root)?.path;
}
