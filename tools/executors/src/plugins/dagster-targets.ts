import { dirname, join, normalize } from 'node:path';
import type { CreateNodesContext, CreateNodesResult, TargetConfiguration } from '@nx/devkit';
import { readCodeLocationConfig } from '../utils/code-location.js';
import { DBT_BUILD_TARGET_FOLDER } from './dbt-targets.js';
import { projectNameAt } from './project-name.js';

const EXECUTOR_SOURCE = { input: 'production', projects: ['executors'] };
const PYTHON_ENV = { projects: ['atlas'], target: 'python-env' };

/** A path the pyproject names (relative to the location) as a workspace path; undefined if it leaves the workspace. */
function workspacePath(root: string, path: string): string | undefined {
  const joined = normalize(join(root, path));
  return joined.startsWith('..') || joined === '.' ? undefined : joined;
}

/** Every file of a folder the code location reads at run time, minus what tools generate there. */
function folderInputs(path: string): string[] {
  return [
    `{workspaceRoot}/${path}/**/*`,
    ...['target', 'logs', 'dbt_packages', 'node_modules', 'dist'].map(
      (g) => `!{workspaceRoot}/${path}/${g}/**/*`,
    ),
  ];
}

/**
 * dagster-validate and grpc-smoke for every Dagster code location: a folder whose pyproject.toml has
 * [tool.atlas.code-location] module = "...".
 *
 * The location reads the dbt manifest at import, so both targets depend on the dbt project's
 * dbt-build (its cached outputs include target/manifest.json). A separate `dbt parse` target would
 * write the same target/ folder as dbt-build, and two targets owning one output folder defeat the
 * cache; depending on dbt-build also validates against exactly the manifest CI built and tested.
 */
export function inferDagsterTargets(
  configFile: string,
  _options: unknown,
  context: CreateNodesContext,
): CreateNodesResult {
  const root = dirname(configFile);
  if (root === '.') return {};
  const config = readCodeLocationConfig(join(context.workspaceRoot, root));
  if (!config) return {};

  const dbtPath = config.dbtProject ? workspacePath(root, config.dbtProject) : undefined;
  const ingestPath = config.ingest ? workspacePath(root, config.ingest) : undefined;
  const dbtProjectName = dbtPath ? projectNameAt(context.workspaceRoot, dbtPath) : undefined;
  const inputs: TargetConfiguration['inputs'] = [
    'python',
    ...(dbtPath ? folderInputs(dbtPath) : []),
    ...(ingestPath ? folderInputs(ingestPath) : []),
    EXECUTOR_SOURCE,
  ];
  // The code location reads the manifest the dbt project's inferred dbt-build wrote (its cached output).
  const env = dbtProjectName ? { ATLAS_DBT_TARGET_PATH: DBT_BUILD_TARGET_FOLDER } : {};
  const dependsOn: TargetConfiguration['dependsOn'] = [
    PYTHON_ENV,
    ...(dbtProjectName ? [{ projects: [dbtProjectName], target: 'dbt-build' }] : []),
  ];

  return {
    projects: {
      [root]: {
        metadata: { targetGroups: { Dagster: ['dagster-validate', 'grpc-smoke'] } },
        targets: {
          'dagster-validate': {
            executor: '@atlas/executors:dagster-validate',
            options: {
              module: config.module,
              codeLocation: '{projectRoot}',
              reportFile: '{projectRoot}/dist/dagster-validate/report.json',
              env,
            },
            cache: true,
            inputs,
            outputs: ['{projectRoot}/dist/dagster-validate'],
            dependsOn,
            metadata: {
              technologies: ['dagster', 'python'],
              description: `dagster definitions validate on ${config.module}, plus the import discipline (no socket at import, import under a time budget); prints asset, job and schedule counts.`,
              help: {
                command: `.venv/bin/dagster definitions validate --help`,
                example: { options: { importBudgetSeconds: 5 } },
              },
            },
          },
          'grpc-smoke': {
            executor: '@atlas/executors:grpc-smoke',
            options: {
              module: config.module,
              codeLocation: '{projectRoot}',
              expectedAssets: config.expectedAssets,
              reportFile: '{projectRoot}/dist/grpc-smoke/report.json',
              env,
            },
            cache: true,
            inputs,
            outputs: ['{projectRoot}/dist/grpc-smoke'],
            dependsOn,
            metadata: {
              technologies: ['dagster', 'grpc'],
              description: `Boot dagster api grpc for ${config.module} on a free loopback port, wait for the health check, check the served assets, stop it.`,
              help: {
                command: `.venv/bin/dagster api grpc --help`,
                example: { options: { startTimeoutMs: 120000, expectedAssets: ['raw/ssb_population'] } },
              },
            },
          },
        },
      },
    },
  };
}
