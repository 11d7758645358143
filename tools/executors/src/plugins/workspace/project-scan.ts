import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { globWithWorkspaceContext } from '@nx/devkit/internal';
import type { UvLock } from '../python/uv-lock.js';
import {
  npmPackagesOf,
  packageAt,
  type PackageManifest,
  type WorkspacePackage,
} from './package-manifests.js';

/** What the whole workspace tells every project's inference. */
export interface WorkspaceFacts {
  workspaceRoot: string;
  packages: Map<string, WorkspacePackage>;
  lock: UvLock | undefined;
  /** Project roots (workspace-relative) of every project.json in the workspace, the root as '.'. */
  projectRoots: string[];
  /** Project name by project root. */
  projectNames: Map<string, string>;
  /** The workspace package that provides the executors the inferred targets run (package.json "executors"). */
  executorPackage: string;
}

/** What one project folder holds, as the inferrers need it. */
export interface ProjectScan {
  root: string;
  name: string;
  manifest: PackageManifest | undefined;
  /** npm packages its targets can load (own declarations, run-time ones of its workspace dependencies). */
  npm: { external: string[]; workspace: string[] };
  /** Tracked files of the project (workspace-relative), without those of projects nested in it. */
  files: string[];
  has(relativePath: string): boolean;
  read(relativePath: string): string;
}

/** Files of `root` that belong to it, not to a project nested below it. */
function ownFiles(files: string[], root: string, projectRoots: string[]): string[] {
  const nested = projectRoots.filter((r) => r !== root && (root === '.' || r.startsWith(`${root}/`)));
  return files.filter((f) => !nested.some((r) => r !== '.' && (f === r || f.startsWith(`${r}/`))));
}

export async function scanProject(facts: WorkspaceFacts, root: string, name: string): Promise<ProjectScan> {
  const glob = root === '.' ? ['*', '.github/**/*', 'tools/scripts/**/*', 'deploy/**/*'] : [`${root}/**/*`];
  const files = ownFiles(await globWithWorkspaceContext(facts.workspaceRoot, glob), root, facts.projectRoots);
  const at = (path: string) => join(facts.workspaceRoot, root, path);
  return {
    root,
    name,
    manifest: packageAt(facts.packages, root)?.manifest,
    npm: npmPackagesOf(facts.packages, root),
    files,
    has: (path) => existsSync(at(path)),
    read: (path) => readFileSync(at(path), 'utf8'),
  };
}

/** Workspace-relative path of a file of the project. */
export const inProject = (scan: ProjectScan, path: string): string =>
  scan.root === '.' ? path : `${scan.root}/${path}`;
