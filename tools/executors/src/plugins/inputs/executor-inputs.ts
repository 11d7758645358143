import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { WorkspaceFacts } from '../workspace/project-scan.js';
import { npmPackagesOf } from '../workspace/package-manifests.js';
import { folderInputs, sourceClosure } from './source-closure.js';

interface ExecutorsJson {
  executors: Record<string, { implementation: string; schema: string }>;
}

export interface ExecutorSource {
  /** The executor's folder and the shared modules it loads (with the files beside them), minus specs. */
  files: string[];
  /** Its package's run-time npm dependencies (the packages an executor can load). */
  external: string[];
  /** The executor's folder (workspace-relative). */
  folder: string;
}

const cache = new Map<string, ExecutorSource | undefined>();

/** Clear what was computed for the previous run (the plugin calls this once per createNodes). */
export function resetExecutorSources(): void {
  cache.clear();
}

/**
 * What a target run by `<package>:<executor>` reads of a workspace executor package: the executor's
 * own folder and the closure of what it imports. Nx does not hash a local executor's code (#13045);
 * listing exactly this makes a change to one executor rerun the targets that use it and nothing else.
 */
export function executorSource(facts: WorkspaceFacts, executor: string): ExecutorSource | undefined {
  if (cache.has(executor)) return cache.get(executor);
  const [packageName, name] = executor.split(':');
  const pkg = packageName ? facts.packages.get(packageName) : undefined;
  let result: ExecutorSource | undefined;
  if (pkg?.manifest.executors && name) {
    const executorsFile = posix.join(pkg.root, pkg.manifest.executors);
    const { executors } = JSON.parse(
      readFileSync(join(facts.workspaceRoot, executorsFile), 'utf8'),
    ) as ExecutorsJson;
    const entry = executors[name];
    if (entry) {
      const implementation = posix.normalize(posix.join(pkg.root, entry.implementation));
      const folder = dirname(implementation);
      const closure = sourceClosure(facts.workspaceRoot, [implementation], facts.packages);
      result = {
        folder,
        files: [...folderInputs(closure, [folder], false), `{workspaceRoot}/${executorsFile}`],
        external: npmPackagesOf(facts.packages, pkg.root).external.filter(
          (dep) => !Object.keys(pkg.manifest.devDependencies ?? {}).includes(dep),
        ),
      };
    }
  }
  cache.set(executor, result);
  return result;
}
