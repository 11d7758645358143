import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, posix } from 'node:path';
import type { WorkspacePackage } from '../workspace/package-manifests.js';

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.js', '.mjs', '/index.ts'];

function resolveFile(workspaceRoot: string, candidate: string): string | undefined {
  const stripped = candidate.replace(/\.(m?js)$/, '');
  for (const base of [candidate, stripped]) {
    for (const ext of EXTENSIONS) {
      const path = base + ext;
      const absolute = join(workspaceRoot, path);
      if (existsSync(absolute) && statSync(absolute).isFile()) return normalize(path);
    }
  }
  return undefined;
}

/** A workspace package import (`@atlas/runtime`, `@atlas/executors/ci/x`) resolved through its exports. */
function resolvePackageImport(
  specifier: string,
  packages: Map<string, WorkspacePackage>,
  workspaceRoot: string,
): string | undefined {
  for (const [name, pkg] of packages) {
    if (specifier !== name && !specifier.startsWith(`${name}/`)) continue;
    const subpath = `.${specifier.slice(name.length)}`;
    const target = pkg.manifest.exports?.[subpath];
    if (typeof target !== 'string') return undefined;
    return resolveFile(workspaceRoot, posix.join(pkg.root, target));
  }
  return undefined;
}

/**
 * Every source file that `entries` load, following relative imports and imports of workspace
 * packages; npm packages are left out (they are hashed as npm nodes). Workspace-relative paths in,
 * workspace-relative paths out, sorted. Unresolvable imports are ignored: the compiler reports them.
 */
export function sourceClosure(
  workspaceRoot: string,
  entries: string[],
  packages: Map<string, WorkspacePackage>,
): string[] {
  const seen = new Set<string>();
  const stack = entries.map((e) => normalize(e));
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!/\.(ts|tsx|mts|js|mjs)$/.test(file)) continue;
    const text = readFileSync(join(workspaceRoot, file), 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (!specifier || specifier.startsWith('node:')) continue;
      const resolved = specifier.startsWith('.')
        ? resolveFile(workspaceRoot, posix.join(dirname(file), specifier))
        : resolvePackageImport(specifier, packages, workspaceRoot);
      if (resolved && !seen.has(resolved)) stack.push(resolved);
    }
  }
  return [...seen].sort();
}

/**
 * Nx inputs for a set of source files: each folder that holds one of them, with the files beside it
 * (a module reads data files and helper scripts next to itself through import.meta.url), minus that
 * folder's specs. Folders in `wholeFolders` are taken recursively; their specs and test fixtures too
 * when `withTests` (a spec target), else not (a target that runs the code).
 */
export function folderInputs(files: string[], wholeFolders: string[], withTests: boolean): string[] {
  const inputs: string[] = [];
  const within = (folder: string) =>
    wholeFolders.some((root) => folder === root || folder.startsWith(`${root}/`));
  for (const root of [...wholeFolders].sort()) {
    inputs.push(`{workspaceRoot}/${root}/**/*`);
    if (!withTests)
      inputs.push(`!{workspaceRoot}/${root}/**/*.spec.ts`, `!{workspaceRoot}/${root}/**/test-fixtures/**/*`);
  }
  for (const folder of [...new Set(files.map((f) => dirname(f)))].sort()) {
    if (within(folder)) continue;
    inputs.push(
      `{workspaceRoot}/${folder}/*`,
      `!{workspaceRoot}/${folder}/*.spec.ts`,
      `!{workspaceRoot}/${folder}/README.md`,
    );
  }
  return inputs;
}
