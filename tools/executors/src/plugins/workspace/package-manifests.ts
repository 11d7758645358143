import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a package.json the plugin reads. */
export interface PackageManifest {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  bin?: string | Record<string, string>;
  executors?: string;
  exports?: Record<string, unknown>;
  scripts?: Record<string, string>;
  workspaces?: string[];
}

export interface WorkspacePackage {
  /** Folder of the package, workspace-relative ('.' for the root). */
  root: string;
  manifest: PackageManifest;
}

/**
 * Every npm workspace package (the root's `workspaces`: folders, or `<folder>/*` globs) by its package
 * name, plus the root manifest itself under '.'.
 */
export function readWorkspacePackages(workspaceRoot: string): Map<string, WorkspacePackage> {
  const read = (root: string): PackageManifest =>
    JSON.parse(readFileSync(join(workspaceRoot, root, 'package.json'), 'utf8')) as PackageManifest;
  const rootManifest = read('.');
  const packages = new Map<string, WorkspacePackage>([['.', { root: '.', manifest: rootManifest }]]);
  const add = (root: string) => {
    if (!existsSync(join(workspaceRoot, root, 'package.json'))) return;
    const manifest = read(root);
    if (manifest.name) packages.set(manifest.name, { root, manifest });
  };
  for (const pattern of rootManifest.workspaces ?? []) {
    if (!pattern.endsWith('/*')) {
      add(pattern);
      continue;
    }
    const parent = pattern.slice(0, -2);
    if (!existsSync(join(workspaceRoot, parent))) continue;
    for (const entry of readdirSync(join(workspaceRoot, parent), { withFileTypes: true }))
      if (entry.isDirectory()) add(`${parent}/${entry.name}`);
  }
  return packages;
}

/** The workspace package whose folder is `root`, if any. */
export function packageAt(
  packages: Map<string, WorkspacePackage>,
  root: string,
): WorkspacePackage | undefined {
  for (const pkg of packages.values()) if (pkg.root === root) return pkg;
  return undefined;
}

const sections = (manifest: PackageManifest, withDev: boolean): string[] => [
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.peerDependencies ?? {}),
  ...Object.keys(manifest.optionalDependencies ?? {}),
  ...(withDev ? Object.keys(manifest.devDependencies ?? {}) : []),
];

/**
 * The npm packages a project's targets can load: what its own package.json declares (dev included) and,
 * through every workspace package it depends on, what those declare for run time (not their dev
 * dependencies), transitively. Workspace packages themselves are files, hashed as such, not npm nodes.
 */
export function npmPackagesOf(
  packages: Map<string, WorkspacePackage>,
  root: string,
): { external: string[]; workspace: string[] } {
  const own = packageAt(packages, root);
  const external = new Set<string>();
  const workspace = new Set<string>();
  const visit = (manifest: PackageManifest, withDev: boolean) => {
    for (const name of sections(manifest, withDev)) {
      const local = packages.get(name);
      if (local && name !== '.') {
        if (workspace.has(name)) continue;
        workspace.add(name);
        visit(local.manifest, false);
      } else external.add(name);
    }
  };
  if (own) visit(own.manifest, true);
  return { external: [...external].sort(), workspace: [...workspace].sort() };
}
