import type { TargetConfiguration, TargetDependencyConfig } from '@nx/devkit';

/** Every Python target runs from the root .venv, which this root target syncs from uv.lock. */
export const PYTHON_ENV: TargetDependencyConfig = { projects: ['atlas'], target: 'python-env' };

/** The TypeScript compiler settings every TypeScript project extends. */
export const TSCONFIG_BASE = '{workspaceRoot}/tsconfig.base.json';

/** The Node.js version runs every JavaScript tool. */
export const NODE_RUNTIME = { runtime: 'node --version' };

/** An externalDependencies input, or nothing for an empty list (Nx would otherwise hash no externals at all the same way). */
export function npm(packages: Iterable<string>): TargetConfiguration['inputs'] {
  const list = [...new Set(packages)].sort();
  return [{ externalDependencies: list }];
}

export type Targets = Record<string, TargetConfiguration>;

/** The parts a target inferrer gives back for a project. */
export interface InferredParts {
  targets: Targets;
  /** Target names by group, for `nx show project` and the graph viewer. */
  groups?: Record<string, string[]>;
  /** Targets the project's `lint` runs. */
  lint?: string[];
  /** Targets the project's `test` runs. */
  test?: string[];
  /** Targets the project's `deploy` runs first. */
  deployGates?: string[];
  namedInputs?: Record<string, NonNullable<TargetConfiguration['inputs']>>;
  /** Workspace paths the project reads at run time (for graph edges), with the file that says so. */
  reads?: Array<{ path: string; file: string }>;
  /** The file that made the inferrer add targets run by a workspace executor (the reason of that edge). */
  configFile?: string;
  /** Set when the project is a workspace package that provides Nx executors: its package name. */
  executorPackage?: string;
  /** Inputs the project's own tests need too: what its code reads at run time outside the project. */
  runtimeReads?: string[];
}
