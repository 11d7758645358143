import { createHash } from 'node:crypto';
import { parse as parseToml } from 'smol-toml';

/** One locked package of uv.lock that comes from an index (PyPI), with what identifies its bytes. */
export interface LockedPackage {
  name: string;
  version: string;
  /** sha of name, version and every artefact hash uv recorded: changes exactly when the installed bytes can. */
  hash: string;
  dependencies: string[];
}

/** A uv workspace member (the root included): its folder and the packages it asks for, by group. */
export interface WorkspaceMember {
  name: string;
  path: string;
  dependencies: string[];
  /** Dependency groups ([dependency-groups] in its pyproject.toml), e.g. dev. */
  groups: Record<string, string[]>;
}

export interface UvLock {
  packages: Map<string, LockedPackage>;
  members: Map<string, WorkspaceMember>;
}

interface RawDependency {
  name: string;
  extra?: string[];
}

interface RawPackage {
  name: string;
  version?: string;
  source?: { registry?: string; editable?: string; virtual?: string; directory?: string };
  dependencies?: RawDependency[];
  'optional-dependencies'?: Record<string, RawDependency[]>;
  'dev-dependencies'?: Record<string, RawDependency[]>;
  sdist?: { hash?: string };
  wheels?: Array<{ hash?: string }>;
}

/** Package names as uv writes them in the lock (PEP 503 normalized). */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const names = (deps: RawDependency[] | undefined): string[] =>
  [...new Set((deps ?? []).map((d) => normalizePackageName(d.name)))].sort();

/**
 * The packages and workspace members of a uv.lock. A package that an extra pulls in is a dependency of
 * the package that has the extra: the lock records which extras are used, not which are installed, so
 * counting them all can only make a hash change more often, never less.
 */
export function parseUvLock(text: string): UvLock {
  const lock = parseToml(text) as { package?: RawPackage[] };
  const packages = new Map<string, LockedPackage>();
  const members = new Map<string, WorkspaceMember>();
  for (const entry of lock.package ?? []) {
    const name = normalizePackageName(entry.name);
    const memberPath = entry.source?.editable ?? entry.source?.virtual;
    const optional = Object.values(entry['optional-dependencies'] ?? {}).flat();
    if (memberPath !== undefined) {
      members.set(name, {
        name,
        path: memberPath,
        dependencies: names([...(entry.dependencies ?? []), ...optional]),
        groups: Object.fromEntries(
          Object.entries(entry['dev-dependencies'] ?? {}).map(([group, deps]) => [group, names(deps)]),
        ),
      });
      continue;
    }
    const artefacts = [entry.sdist?.hash, ...(entry.wheels ?? []).map((w) => w.hash)].filter(Boolean);
    packages.set(name, {
      name,
      version: entry.version ?? '',
      hash: createHash('sha256')
        .update(JSON.stringify([name, entry.version ?? '', entry.source ?? {}, artefacts]))
        .digest('hex'),
      dependencies: names([...(entry.dependencies ?? []), ...optional]),
    });
  }
  return { packages, members };
}

/**
 * Every locked package a set of roots needs, transitively. Roots may be package names or member names
 * (a member depending on another member pulls in that member's dependencies).
 */
export function dependencyClosure(lock: UvLock, roots: Iterable<string>): Set<string> {
  const closure = new Set<string>();
  const seenMembers = new Set<string>();
  const stack = [...roots].map(normalizePackageName);
  while (stack.length > 0) {
    const name = stack.pop() as string;
    const member = lock.members.get(name);
    if (member) {
      if (seenMembers.has(name)) continue;
      seenMembers.add(name);
      stack.push(...member.dependencies);
      continue;
    }
    if (closure.has(name)) continue;
    const found = lock.packages.get(name);
    if (!found) continue;
    closure.add(name);
    stack.push(...found.dependencies);
  }
  return closure;
}

/** The Nx external node name of a locked Python package. */
export const pythonNodeName = (name: string): string => `pypi:${normalizePackageName(name)}`;
