import { resolveInWorkspace } from '@atlas/runtime';
import { ExecutorFailure } from '../../../utils/executor-failure.js';
import {
  commandListOf,
  normalizeDbtProjectOptions,
  resolveOutputFolder,
  type NormalizedDbtProjectOptions,
} from '../../../utils/dbt/dbt-options.js';
import type { DbtBuildExecutorSchema } from '../schema.js';

export const DEFAULT_TARGET_PATH = '{projectRoot}/target/nx-build';

export interface NormalizedDbtBuildOptions extends NormalizedDbtProjectOptions {
  /** Absolute folder dbt writes (--target-path): manifest.json, run_results.json, logs/. The cache output. */
  targetDir: string;
  select: string[];
  exclude: string[];
  failFast: boolean;
  /** Absolute path of the reference folder (slim mode): the `state` option, else ATLAS_DBT_REFERENCE. */
  state: string | undefined;
  /** Commands run after a passing build, against its database, with ATLAS_DBT_MANIFEST set. */
  checkCommands: string[][];
  /** Globs of the files the setup commands read (their fingerprint decides whether a snapshot still holds). */
  setupInputs: string[];
}

function selectors(name: string, value: string | string[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const items = list
    .flatMap((item) => (typeof item === 'string' ? item.trim().split(/\s+/) : [item]))
    .filter((item) => item !== '');
  if (items.some((item) => typeof item !== 'string'))
    throw new ExecutorFailure(`Option ${name} must be a dbt selector or a list of them.`);
  return items as string[];
}

function referenceFolder(
  path: string | undefined,
  workspaceRoot: string,
  projectRoot: string,
): string | undefined {
  if (path === undefined || path.trim() === '') return undefined;
  return resolveInWorkspace(workspaceRoot, projectRoot, path, 'state');
}

export function normalizeOptions(
  options: DbtBuildExecutorSchema,
  workspaceRoot: string,
  projectRoot: string,
): NormalizedDbtBuildOptions {
  const common = normalizeDbtProjectOptions(options, workspaceRoot, projectRoot);
  const targetDir = resolveOutputFolder(
    workspaceRoot,
    projectRoot,
    options.targetPath ?? DEFAULT_TARGET_PATH,
    'targetPath',
    common.projectDir,
  );
  return {
    ...common,
    targetDir,
    select: selectors('select', options.select),
    exclude: selectors('exclude', options.exclude),
    failFast: options.failFast ?? false,
    state: referenceFolder(options.state ?? process.env['ATLAS_DBT_REFERENCE'], workspaceRoot, projectRoot),
    setupInputs: options.setupInputs ?? [],
    checkCommands: commandListOf(options.checkCommands, 'checkCommands'),
  };
}
