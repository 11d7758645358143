import type { TargetConfiguration } from '@nx/devkit';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import { folderInputs, sourceClosure } from './source-closure.js';

/** The project that owns a workspace path (the deepest project root above it), if any. */
export function ownerOf(facts: WorkspaceFacts, path: string): string | undefined {
  const root = [...facts.projectRoots]
    .filter((r) => r !== '.' && (path === r || path.startsWith(`${r}/`)))
    .sort((a, b) => b.length - a.length)[0];
  return root ? facts.projectNames.get(root) : undefined;
}

/**
 * Inputs for what a target's code loads from other projects, found by following its imports (across
 * workspace packages) from `entries`:
 * - `folders`: the folders of the imported modules, with the files beside them (a compiler reads the
 *   modules and nothing else of those projects);
 * - `projects`: the production files of every project it imports from (a test may also read, at run
 *   time, the data files of a package whose code it imports: migrations, fixtures).
 * Unlike `^production`, edges that are not imports (a project that runs another's bin, an executor) do
 * not pull the other project in: those targets name what they read themselves.
 */
export function importInputs(
  scan: ProjectScan,
  facts: WorkspaceFacts,
  entries: string[],
  mode: 'folders' | 'projects',
  /** Workspace packages the code uses without importing them (their bins, their data), by package name. */
  declared: string[] = [],
): NonNullable<TargetConfiguration['inputs']> {
  // Another project's files, nested ones included (the API contract lives inside the dbt project).
  const outside = sourceClosure(facts.workspaceRoot, entries, facts.packages).filter(
    (f) => ownerOf(facts, f) !== scan.name,
  );
  if (mode === 'folders') return folderInputs(outside, [], false);
  const declaredRoots = declared
    .map((name) => facts.packages.get(name)?.root)
    .filter((r): r is string => !!r);
  const projects = [
    ...new Set(
      [...outside, ...declaredRoots.map((r) => `${r}/package.json`)]
        .map((f) => ownerOf(facts, f))
        .filter((p): p is string => !!p && p !== scan.name),
    ),
  ].sort();
  return projects.length > 0 ? [{ input: 'production', projects }] : [];
}
