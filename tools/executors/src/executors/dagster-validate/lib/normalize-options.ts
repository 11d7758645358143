import { resolveInWorkspace } from '@atlas/runtime';
import { ExecutorFailure } from '../../../utils/executor-failure.js';
import { resolveCodeLocation } from '../../../utils/code-location.js';
import type { DagsterValidateExecutorSchema } from '../schema.js';

export interface NormalizedDagsterValidateOptions {
  /** Absolute folder the module is imported from. */
  cwd: string;
  module: string;
  importBudgetSeconds: number;
  /** Absolute path of the JSON report. */
  reportFile: string;
  timeoutMs: number;
  /** Extra environment of the Python processes. */
  env: Record<string, string>;
}

export function positiveSeconds(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new ExecutorFailure(`Option ${name} must be a positive number of seconds (got ${value}).`);
  return value;
}

export function normalizeOptions(
  options: DagsterValidateExecutorSchema,
  workspaceRoot: string,
  projectRoot: string,
): NormalizedDagsterValidateOptions {
  const { cwd, module } = resolveCodeLocation(options, workspaceRoot, projectRoot);
  return {
    cwd,
    module,
    importBudgetSeconds: positiveSeconds('importBudgetSeconds', options.importBudgetSeconds ?? 5),
    reportFile: resolveInWorkspace(
      workspaceRoot,
      projectRoot,
      options.reportFile ?? '{projectRoot}/dist/dagster-validate/report.json',
      'reportFile',
    ),
    timeoutMs: positiveSeconds('timeoutSeconds', options.timeoutSeconds ?? 300) * 1000,
    env: { ...options.env },
  };
}
