import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, relative, resolve, sep } from 'node:path';
import type { ProjectConfiguration } from '@nx/devkit';

/** Project roots sorted deepest first, so a path resolves to the most specific project. */
export function projectRootIndex(
  projects: Record<string, ProjectConfiguration>,
): Array<{ name: string; root: string }> {
  return Object.entries(projects)
    .map(([name, config]) => ({ name, root: normalize(config.root) }))
    .filter(({ root }) => root !== '.' && root !== '')
    .sort((a, b) => b.root.length - a.root.length);
}

/** The project that owns a workspace-relative path, if any (the workspace root project never counts). */
export function ownerOfPath(
  index: Array<{ name: string; root: string }>,
  workspacePath: string,
): string | undefined {
  const path = normalize(workspacePath);
  return index.find(({ root }) => path === root || path.startsWith(root + sep))?.name;
}

/** Map of npm bin name → project, from each project's package.json "bin". */
export function binOwners(
  workspaceRoot: string,
  projects: Record<string, ProjectConfiguration>,
): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [name, config] of Object.entries(projects)) {
    const manifest = join(workspaceRoot, config.root, 'package.json');
    if (config.root === '.' || !existsSync(manifest)) continue;
    const { bin, name: packageName } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      bin?: string | Record<string, string>;
      name?: string;
    };
    // A string "bin" is named after the package (without its scope), as npm does.
    if (typeof bin === 'string' && packageName) owners.set(packageName.replace(/^@[^/]+\//, ''), name);
    else if (bin && typeof bin === 'object')
      for (const binName of Object.keys(bin)) owners.set(binName, name);
  }
  return owners;
}

/** Map of package name → project, for workspace packages that provide Nx executors. */
export function workspaceExecutorPackages(
  workspaceRoot: string,
  projects: Record<string, ProjectConfiguration>,
): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [name, config] of Object.entries(projects)) {
    const manifest = join(workspaceRoot, config.root, 'package.json');
    if (config.root === '.' || !existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; executors?: string };
    if (pkg.name && pkg.executors) owners.set(pkg.name, name);
  }
  return owners;
}

/**
 * Candidate paths mentioned in a string: tokens containing a slash, with Nx's {workspaceRoot} and
 * {projectRoot} tokens resolved, returned workspace-relative. Paths leaving the workspace are dropped.
 */
export function pathsMentioned(text: string, projectRoot: string, workspaceRoot: string): string[] {
  const found: string[] = [];
  for (const raw of text.split(/[\s"'=,;:()[\]]+/)) {
    if (!raw.includes('/') || raw.includes('://')) continue;
    const token = raw.replace(/^!/, '');
    let absolute: string;
    if (token.startsWith('{workspaceRoot}/'))
      absolute = resolve(workspaceRoot, token.slice('{workspaceRoot}/'.length));
    else if (token.startsWith('{projectRoot}/'))
      absolute = resolve(workspaceRoot, projectRoot, token.slice('{projectRoot}/'.length));
    else if (token.startsWith('./') || token.startsWith('../'))
      absolute = resolve(workspaceRoot, projectRoot, token);
    else absolute = resolve(workspaceRoot, token);
    const rel = relative(workspaceRoot, absolute);
    if (rel && !rel.startsWith('..')) found.push(rel);
  }
  return found;
}

/** Every string inside a JSON value, with the argv arrays (arrays of strings) kept together. */
export function collectStrings(
  value: unknown,
  strings: string[] = [],
  argvs: string[][] = [],
): { strings: string[]; argvs: string[][] } {
  if (typeof value === 'string') strings.push(value);
  else if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'string')) argvs.push(value as string[]);
    for (const item of value) collectStrings(item, strings, argvs);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) collectStrings(item, strings, argvs);
  }
  return { strings, argvs };
}
