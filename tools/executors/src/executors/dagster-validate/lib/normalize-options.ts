import { isAbsolute, join, relative } from 'node:path';
import { ExecutorFailure, readCodeLocationConfig } from '../../../runtime/index.js';
import type { DagsterValidateExecutorSchema } from '../schema.js';

export interface NormalizedDagsterValidateOptions {
  /** Absolute folder the module is imported from. */
  cwd: string;
  module: string;
  importBudgetSeconds: number;
  /** Absolute path of the JSON report. */
  reportFile: string;
  timeoutMs: number;
}

/** Resolve a workspace-relative option path, with {projectRoot} replaced; refuse paths leaving the workspace. */
export function resolveInWorkspace(workspaceRoot: string, projectRoot: string, path: string, option: string): string {
  const absolute = join(workspaceRoot, path.replaceAll('{projectRoot}', projectRoot).replaceAll('{workspaceRoot}', '.'));
  const rel = relative(workspaceRoot, absolute);
  if (isAbsolute(path) || rel.startsWith('..')) {
    throw new ExecutorFailure(`Option ${option} (${path}) must be a path inside the workspace, relative to its root.`);
  }
  return absolute;
}

export function normalizeOptions(
  options: DagsterValidateExecutorSchema,
  workspaceRoot: string,
  projectRoot: string,
): NormalizedDagsterValidateOptions {
  const cwd = resolveInWorkspace(workspaceRoot, projectRoot, options.codeLocation ?? projectRoot, 'codeLocation');
  let module = options.module;
  if (module === undefined) {
    const config = (() => {
      try {
        return readCodeLocationConfig(cwd);
      } catch (error) {
        throw new ExecutorFailure((error as Error).message);
      }
    })();
    if (!config) {
      throw new ExecutorFailure(
        `No module to validate: set the "module" option or add [tool.atlas.code-location] module = "..." to ${relative(workspaceRoot, join(cwd, 'pyproject.toml'))}.`,
      );
    }
    module = config.module;
  }
  const budget = options.importBudgetSeconds ?? 5;
  const timeout = options.timeoutSeconds ?? 300;
  for (const [name, value] of [['importBudgetSeconds', budget], ['timeoutSeconds', timeout]] as const) {
    if (!Number.isFinite(value) || value <= 0) throw new ExecutorFailure(`Option ${name} must be a positive number of seconds (got ${value}).`);
  }
  return {
    cwd,
    module,
    importBudgetSeconds: budget,
    reportFile: resolveInWorkspace(workspaceRoot, projectRoot, options.reportFile ?? '{projectRoot}/dist/dagster-validate/report.json', 'reportFile'),
    timeoutMs: timeout * 1000,
  };
}
