import { resolveInWorkspace } from '@atlas/runtime';
import { ExecutorFailure } from '../../../utils/executor-failure.js';
import { resolveCodeLocation } from '../../../utils/code-location.js';
import type { GrpcSmokeExecutorSchema } from '../schema.js';

export interface NormalizedGrpcSmokeOptions {
  cwd: string;
  module: string;
  expectedAssets: string[];
  startTimeoutMs: number;
  queryTimeoutMs: number;
  reportFile: string;
  /** Extra environment of the Python processes. */
  env: Record<string, string>;
}

function positiveMs(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new ExecutorFailure(`Option ${name} must be a positive number of milliseconds (got ${value}).`);
  return value;
}

export function normalizeOptions(
  options: GrpcSmokeExecutorSchema,
  workspaceRoot: string,
  projectRoot: string,
): NormalizedGrpcSmokeOptions {
  const { cwd, module, config } = resolveCodeLocation(options, workspaceRoot, projectRoot);
  const expectedAssets = options.expectedAssets ?? config?.expectedAssets ?? [];
  const malformed = expectedAssets.find((key) => !/^[^/\s]+(\/[^/\s]+)*$/.test(key));
  if (malformed !== undefined) {
    throw new ExecutorFailure(
      `Expected asset key "${malformed}" is malformed: write keys with slashes between parts, like "raw/ssb_population".`,
    );
  }
  return {
    cwd,
    module,
    expectedAssets,
    startTimeoutMs: positiveMs('startTimeoutMs', options.startTimeoutMs ?? 120_000),
    queryTimeoutMs: positiveMs('queryTimeoutMs', options.queryTimeoutMs ?? 120_000),
    reportFile: resolveInWorkspace(
      workspaceRoot,
      projectRoot,
      options.reportFile ?? '{projectRoot}/dist/grpc-smoke/report.json',
      'reportFile',
    ),
    env: { ...options.env },
  };
}
