import { join, normalize } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import { readCodeLocationConfig } from '../../utils/code-location.js';
import { executorSource } from '../inputs/executor-inputs.js';
import { pythonPackageInputs } from '../inputs/python-inputs.js';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import { inProject } from '../workspace/project-scan.js';
import { npm, PYTHON_ENV, type InferredParts } from './common.js';
import { DBT_BUILD_TARGET_FOLDER, dbtProjectFiles } from './dbt-targets.js';

/** A path the pyproject names (relative to the location) as a workspace path; undefined if it leaves the workspace. */
function workspacePath(root: string, path: string): string | undefined {
  const joined = normalize(join(root, path));
  return joined.startsWith('..') || joined === '.' ? undefined : joined;
}

/** What a code location reads of the ingest at run time: its program and its data, not its tests. */
function ingestFiles(path: string): string[] {
  return [
    `{workspaceRoot}/${path}/**/*`,
    ...['tests', 'bench', 'node_modules', 'dist'].map((f) => `!{workspaceRoot}/${path}/${f}/**/*`),
    `!{workspaceRoot}/${path}/**/*.spec.ts`,
    `!{workspaceRoot}/${path}/README.md`,
  ];
}

/**
 * dagster-validate and grpc-smoke for a Dagster code location: a folder whose pyproject.toml has
 * [tool.atlas.code-location] module = "...". The location reads the dbt manifest at import, so both
 * depend on the dbt project's dbt-build (its cached output holds manifest.json) and read it there.
 * Inputs: the location's Python, what it reads at run time (the dbt project's files, the ingest's
 * program and data), the executor's code and the locked Python packages of the location's uv member.
 */
export function inferDagster(scan: ProjectScan, facts: WorkspaceFacts): InferredParts {
  if (scan.root === '.' || !scan.has('pyproject.toml')) return { targets: {} };
  const config = readCodeLocationConfig(join(facts.workspaceRoot, scan.root));
  if (!config) return { targets: {} };
  const dbtPath = config.dbtProject ? workspacePath(scan.root, config.dbtProject) : undefined;
  const ingestPath = config.ingest ? workspacePath(scan.root, config.ingest) : undefined;
  const dbtProjectName = dbtPath ? facts.projectNames.get(dbtPath) : undefined;
  const readsAtRunTime = [
    ...(dbtPath ? dbtProjectFiles(dbtPath, '{workspaceRoot}') : []),
    ...(ingestPath ? ingestFiles(ingestPath) : []),
  ];
  const python = pythonPackageInputs(facts.lock, { memberPath: scan.root });
  const env = dbtProjectName ? { ATLAS_DBT_TARGET_PATH: DBT_BUILD_TARGET_FOLDER } : {};
  const dependsOn: TargetConfiguration['dependsOn'] = [
    PYTHON_ENV,
    ...(dbtProjectName ? [{ projects: [dbtProjectName], target: 'dbt-build' }] : []),
  ];
  const target = (
    executor: string,
    config: Pick<TargetConfiguration, 'options' | 'outputs' | 'metadata'>,
  ): TargetConfiguration => {
    const source = executorSource(facts, `${facts.executorPackage}:${executor}`);
    return {
      executor: `${facts.executorPackage}:${executor}`,
      cache: true,
      inputs: [
        '{projectRoot}/**/*.py',
        '!{projectRoot}/**/*_tests/**/*',
        '{projectRoot}/pyproject.toml',
        ...readsAtRunTime,
        ...(source?.files ?? []),
        ...python,
        ...(npm(source?.external ?? []) ?? []),
        // The manifest the dbt project's dbt-build wrote (its cached output).
        ...(dbtProjectName ? [{ dependentTasksOutputFiles: '**/manifest.json' }] : []),
      ],
      dependsOn,
      ...config,
    };
  };
  const pyproject = inProject(scan, 'pyproject.toml');
  return {
    targets: {
      'dagster-validate': target('dagster-validate', {
        options: {
          module: config.module,
          codeLocation: '{projectRoot}',
          reportFile: '{projectRoot}/dist/dagster-validate/report.json',
          env,
        },
        outputs: ['{projectRoot}/dist/dagster-validate'],
        metadata: {
          technologies: ['dagster', 'python'],
          description: `dagster definitions validate on ${config.module}, plus the import discipline (no socket at import, import under a time budget); prints asset, job and schedule counts.`,
          help: {
            command: '.venv/bin/dagster definitions validate --help',
            example: { options: { importBudgetSeconds: 5 } },
          },
        },
      }),
      'grpc-smoke': target('grpc-smoke', {
        options: {
          module: config.module,
          codeLocation: '{projectRoot}',
          expectedAssets: config.expectedAssets,
          reportFile: '{projectRoot}/dist/grpc-smoke/report.json',
          env,
        },
        outputs: ['{projectRoot}/dist/grpc-smoke'],
        metadata: {
          technologies: ['dagster', 'grpc'],
          description: `Boot dagster api grpc for ${config.module} on a free loopback port, wait for the health check, check the served assets, stop it.`,
          help: {
            command: '.venv/bin/dagster api grpc --help',
            example: { options: { startTimeoutMs: 120000 } },
          },
        },
      }),
    },
    groups: { Dagster: ['dagster-validate', 'grpc-smoke'] },
    test: ['dagster-validate', 'grpc-smoke'],
    configFile: pyproject,
    reads: [
      ...(dbtPath ? [{ path: dbtPath, file: pyproject }] : []),
      ...(ingestPath ? [{ path: ingestPath, file: pyproject }] : []),
    ],
    runtimeReads: readsAtRunTime,
  };
}
