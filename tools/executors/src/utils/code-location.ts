import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { ExecutorFailure } from './executor-failure.js';
import { resolveInWorkspace } from '@atlas/runtime';

/** What a Dagster code location declares in its pyproject.toml under [tool.atlas.code-location]. */
export interface CodeLocationConfig {
  /** The Python module holding the Definitions, e.g. "atlas_data.definitions". */
  module: string;
  /** Path of the dbt project the location builds assets from, relative to the location folder. */
  dbtProject?: string;
  /** Path of the ingest package the location runs, relative to the location folder. */
  ingest?: string;
  /** Asset keys ("raw/ssb_population") a served repository must contain. */
  expectedAssets: string[];
}

/**
 * Read [tool.atlas.code-location] from <dir>/pyproject.toml. Returns undefined when the folder is not
 * a code location (no pyproject.toml, or no such table); throws one line when the table is malformed.
 */
export function readCodeLocationConfig(dir: string): CodeLocationConfig | undefined {
  const file = join(dir, 'pyproject.toml');
  if (!existsSync(file)) return undefined;
  let toml: { tool?: { atlas?: { 'code-location'?: Record<string, unknown> } } };
  try {
    toml = parseToml(readFileSync(file, 'utf8')) as typeof toml;
  } catch (error) {
    throw new Error(`${file} is not valid TOML (${(error as Error).message.split('\n')[0]}): fix the file.`);
  }
  const table = toml.tool?.atlas?.['code-location'];
  if (table === undefined) return undefined;
  const where = `[tool.atlas.code-location] in ${file}`;
  const { module, 'dbt-project': dbtProject, ingest, 'expected-assets': expectedAssets = [] } = table;
  if (typeof module !== 'string' || !/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(module)) {
    throw new Error(`${where} needs module = "<python.module>" (the module holding the Definitions).`);
  }
  for (const [key, value] of [
    ['dbt-project', dbtProject],
    ['ingest', ingest],
  ] as const) {
    if (value !== undefined && typeof value !== 'string')
      throw new Error(`${where}: ${key} must be a path string.`);
  }
  if (
    !Array.isArray(expectedAssets) ||
    !expectedAssets.every((key) => typeof key === 'string' && key.length > 0)
  ) {
    throw new Error(`${where}: expected-assets must be a list of asset keys like "raw/ssb_population".`);
  }
  return {
    module,
    ...(dbtProject !== undefined && { dbtProject: dbtProject as string }),
    ...(ingest !== undefined && { ingest: ingest as string }),
    expectedAssets: expectedAssets as string[],
  };
}

export interface ResolvedCodeLocation {
  /** Absolute folder the module is imported from. */
  cwd: string;
  module: string;
  /** The pyproject table, when the folder has one. */
  config: CodeLocationConfig | undefined;
}

/**
 * The folder and module an executor works on: the options when given, else the project root and its
 * [tool.atlas.code-location] table. Every problem is one ExecutorFailure line.
 */
export function resolveCodeLocation(
  options: { module?: string; codeLocation?: string },
  workspaceRoot: string,
  projectRoot: string,
): ResolvedCodeLocation {
  const cwd = resolveInWorkspace(
    workspaceRoot,
    projectRoot,
    options.codeLocation ?? projectRoot,
    'codeLocation',
  );
  let config: CodeLocationConfig | undefined;
  try {
    config = readCodeLocationConfig(cwd);
  } catch (error) {
    throw new ExecutorFailure((error as Error).message);
  }
  const module = options.module ?? config?.module;
  if (!module) {
    throw new ExecutorFailure(
      `No Dagster module given: set the "module" option or add [tool.atlas.code-location] module = "..." to ${relative(workspaceRoot, join(cwd, 'pyproject.toml'))}.`,
    );
  }
  return { cwd, module, config };
}
