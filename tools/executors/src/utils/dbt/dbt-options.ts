import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { resolveInWorkspace } from '@atlas/runtime';
import { ExecutorFailure } from '../executor-failure.js';

/** Options dbt-build and dbt-docs share (see their schema.json for the descriptions). */
export interface DbtProjectOptions {
  projectDir?: string;
  profilesDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  threads?: number;
  setupCommands?: string[][];
  timeoutMs?: number;
}

export interface NormalizedDbtProjectOptions {
  /** Absolute folder holding dbt_project.yml. */
  projectDir: string;
  /** Absolute folder holding profiles.yml; undefined leaves dbt's own lookup (~/.dbt). */
  profilesDir: string | undefined;
  target: string | undefined;
  vars: Record<string, unknown> | undefined;
  threads: number | undefined;
  setupCommands: string[][];
  timeoutMs: number;
}

export const DEFAULT_TIMEOUT_MS = 30 * 60_000;

function positiveInteger(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value <= 0)
    throw new ExecutorFailure(`Option ${name} must be a positive whole number (got ${value}).`);
  return value;
}

/** A list of argv arrays (setupCommands, checkCommands), checked; one line naming the option when it is not. */
export function commandListOf(value: unknown, option = 'setupCommands'): string[][] {
  if (value === undefined) return [];
  const valid =
    Array.isArray(value) &&
    value.every(
      (argv) =>
        Array.isArray(argv) && argv.length > 0 && argv.every((arg) => typeof arg === 'string' && arg !== ''),
    );
  if (!valid) {
    throw new ExecutorFailure(
      `Option ${option} must be a list of argv arrays, e.g. [["npx", "atlas-ingest", "migrate"]] (no shell strings, no empty arguments).`,
    );
  }
  return value as string[][];
}

export function normalizeDbtProjectOptions(
  options: DbtProjectOptions,
  workspaceRoot: string,
  projectRoot: string,
): NormalizedDbtProjectOptions {
  const projectDir = resolveInWorkspace(
    workspaceRoot,
    projectRoot,
    options.projectDir ?? '{projectRoot}',
    'projectDir',
  );
  const shown = (dir: string) => relative(workspaceRoot, dir) || '.';
  if (!existsSync(join(projectDir, 'dbt_project.yml'))) {
    throw new ExecutorFailure(
      `Option projectDir (${shown(projectDir)}) has no dbt_project.yml: point it at the dbt project folder.`,
    );
  }
  let profilesDir: string | undefined;
  if (options.profilesDir !== undefined) {
    profilesDir = resolveInWorkspace(workspaceRoot, projectRoot, options.profilesDir, 'profilesDir');
    if (!existsSync(join(profilesDir, 'profiles.yml'))) {
      throw new ExecutorFailure(
        `Option profilesDir (${shown(profilesDir)}) has no profiles.yml: point it at the folder that holds it.`,
      );
    }
  } else if (existsSync(join(projectDir, 'profiles.yml'))) {
    profilesDir = projectDir;
  }
  if (
    options.vars !== undefined &&
    (typeof options.vars !== 'object' || options.vars === null || Array.isArray(options.vars))
  ) {
    throw new ExecutorFailure('Option vars must be an object of dbt variables, e.g. {"start_year": 2015}.');
  }
  if (options.target !== undefined && options.target.trim() === '')
    throw new ExecutorFailure('Option target must name a target of the profile.');
  return {
    projectDir,
    profilesDir,
    target: options.target,
    vars: options.vars,
    threads: positiveInteger('threads', options.threads),
    setupCommands: commandListOf(options.setupCommands),
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs) ?? DEFAULT_TIMEOUT_MS,
  };
}

/**
 * A folder the executor writes and may empty (a target or site folder): inside the workspace, and
 * neither the dbt project itself nor a folder above it.
 */
export function resolveOutputFolder(
  workspaceRoot: string,
  projectRoot: string,
  path: string,
  option: string,
  projectDir: string,
): string {
  const folder = resolveInWorkspace(workspaceRoot, projectRoot, path, option);
  if (relative(folder, projectDir).split(/[\\/]/)[0] !== '..') {
    throw new ExecutorFailure(
      `Option ${option} (${path}) must be a folder of its own inside or beside the dbt project, not the project folder or one above it.`,
    );
  }
  return folder;
}

/**
 * dbt joins --target-path to the project folder and writes that path into manifest.json
 * (compiled_path, build_path); relative, a cached manifest does not carry this machine's layout.
 */
function projectRelative(projectDir: string, folder: string): string {
  const rel = relative(projectDir, folder);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? folder : rel;
}

/**
 * The arguments every dbt invocation on this project carries: where it is, its profile, vars, threads,
 * and where it writes (target and log folders outside the project's own target/ and logs/, so a run
 * never mixes its files with a hand-run dbt's, and the folder can be a cache output of its own).
 */
export function commonDbtArgs(
  options: NormalizedDbtProjectOptions,
  targetDir: string,
  logDir: string,
): string[] {
  return [
    '--project-dir',
    options.projectDir,
    ...(options.profilesDir ? ['--profiles-dir', options.profilesDir] : []),
    '--target-path',
    projectRelative(options.projectDir, targetDir),
    '--log-path',
    logDir,
    ...(options.target ? ['--target', options.target] : []),
    ...(options.vars ? ['--vars', JSON.stringify(options.vars)] : []),
    ...(options.threads ? ['--threads', String(options.threads)] : []),
  ];
}
