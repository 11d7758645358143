import { join, normalize, posix } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import { readCodeLocationConfig } from '../../utils/code-location.js';
import { executorSource } from '../inputs/executor-inputs.js';
import { pythonPackageInputs } from '../inputs/python-inputs.js';
import { folderInputs, sourceClosure } from '../inputs/source-closure.js';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import { inProject } from '../workspace/project-scan.js';
import { NODE_RUNTIME, npm, PYTHON_ENV, type InferredParts, type Targets } from './common.js';
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
  const runTargets = endToEndTargets(scan, facts, { readsAtRunTime, ingestPath });
  return {
    targets: {
      ...runTargets.targets,
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
    groups: { Dagster: ['dagster-validate', 'grpc-smoke', ...Object.keys(runTargets.targets)] },
    test: ['dagster-validate', 'grpc-smoke', ...runTargets.test],
    configFile: pyproject,
    reads: [
      ...(dbtPath ? [{ path: dbtPath, file: pyproject }] : []),
      ...(ingestPath ? [{ path: ingestPath, file: pyproject }] : []),
    ],
    runtimeReads: readsAtRunTime,
  };
}

/**
 * The code location run whole, where its files call for it:
 * - `e2e` (a `<package>_e2e_tests/` folder): pytest materializing every asset with the dagster CLI,
 *   the real ingest and dagster-dbt; a gate of the project. It hashes what `dagster-validate` does,
 *   the e2e tests, the TypeScript they start (the project's scripts/ and the ingest's bin, with what
 *   they import across workspace packages) and the npm packages those load;
 * - `dev` (scripts/dev.ts): `dagster dev` on the local database, continuous (`-c live`: real APIs);
 * - `dev-e2e` (vitest.e2e.config.ts): the local-development commands in a terminal and a browser.
 *   Not a gate and not cached: it needs the fixed local ports free and takes minutes.
 */
function endToEndTargets(
  scan: ProjectScan,
  facts: WorkspaceFacts,
  run: { readsAtRunTime: string[]; ingestPath?: string },
): { targets: Targets; test: string[] } {
  const targets: Targets = {};
  const test: string[] = [];
  const upToRoot = '../'.repeat(scan.root.split('/').length);
  const e2eFolder = scan.files
    .map((f) => posix.relative(scan.root, f).split('/')[0] as string)
    .find((top) => /^[a-z0-9_]+_e2e_tests$/.test(top));
  if (e2eFolder) {
    const ingestBin = run.ingestPath ? ingestBinFile(facts, run.ingestPath) : undefined;
    const started = [
      ...scan.files.filter((f) => f.startsWith(`${scan.root}/scripts/`) && f.endsWith('.ts')),
      ...(ingestBin ? [ingestBin] : []),
    ];
    const closure = sourceClosure(facts.workspaceRoot, started, facts.packages).filter(
      (f) => !f.startsWith(`${scan.root}/`) && !(run.ingestPath && f.startsWith(`${run.ingestPath}/`)),
    );
    targets['e2e'] = {
      command: `${upToRoot}.venv/bin/pytest ${e2eFolder}`,
      options: { cwd: scan.root },
      cache: true,
      inputs: [
        '{projectRoot}/**/*.py',
        '!{projectRoot}/**/*_tests/**/*',
        `{projectRoot}/${e2eFolder}/**/*`,
        '{projectRoot}/pyproject.toml',
        '{projectRoot}/package.json',
        '{projectRoot}/scripts/**/*.ts',
        ...run.readsAtRunTime,
        ...folderInputs(closure, [], false),
        ...pythonPackageInputs(facts.lock, { memberPath: scan.root, tools: ['pytest'] }),
        ...(npm(['tsx', ...scan.npm.external]) ?? []),
        NODE_RUNTIME,
      ],
      outputs: ['{projectRoot}/test-output/e2e'],
      // It parses the dbt project itself, as the image does (dbt-build's manifest enables the fixture
      // data's own checks, which the deployed code location does not have).
      dependsOn: [PYTHON_ENV],
      metadata: {
        technologies: ['dagster', 'dbt', 'python', 'pytest'],
        description:
          "End to end: `dagster asset materialize --select '*'` on the real code location against an ephemeral PostgreSQL (ATLAS_DATABASE_URL's server when set), the real atlas-ingest on the recorded fixtures, dagster-dbt's dbt build with the tests as asset checks; checks dependency order, load metadata, api_v1 rows for real kommuner, and that a broken source fails its asset in one line and keeps dbt from running.",
        help: {
          command: `cd ${scan.root} && ${upToRoot}.venv/bin/pytest ${e2eFolder} -k broken`,
          example: {},
        },
      },
    };
    test.push('e2e');
  }
  if (scan.has('scripts/dev.ts')) {
    targets['dev'] = {
      command: 'node --import tsx scripts/dev.ts',
      options: { cwd: scan.root },
      continuous: true,
      configurations: { live: { args: '--live' } },
      // Like e2e, both parse the dbt project at their start, as the image does.
      dependsOn: [PYTHON_ENV],
      metadata: {
        technologies: ['dagster', 'postgres'],
        description:
          'dagster dev for the code location on the local PostgreSQL (embedded, data kept in tmp/local/postgres; ATLAS_DATABASE_URL when set), the Dagster UI on http://127.0.0.1:3070. The first start materializes every asset from the recorded fixtures (-c live: the real APIs; --reload: again). Ctrl-C stops everything; the database stays.',
        help: { command: `npx nx run ${scan.name}:dev --reload`, example: {} },
      },
    };
  }
  if (scan.has('vitest.e2e.config.ts')) {
    targets['dev-e2e'] = {
      command: 'vitest run --config vitest.e2e.config.ts',
      options: { cwd: scan.root },
      cache: false,
      outputs: ['{projectRoot}/test-output/dev-e2e'],
      dependsOn: [PYTHON_ENV],
      metadata: {
        technologies: ['vitest', 'playwright', 'dagster'],
        description:
          'The local development commands in a terminal of their own: `nx run atlas-data:dev` (the Dagster UI in Chromium shows every asset of the code location; Ctrl-C leaves no process; the database survives the next start) and `nx run atlas:dev` (each local surface answers on its port; Ctrl-C stops them all). Needs ports 3000, 3001, 3070 and 4000 free; about 6 min.',
        help: {
          command: `cd ${scan.root} && npx vitest run --config vitest.e2e.config.ts e2e/dagster-dev.e2e.spec.ts`,
          example: {},
        },
      },
    };
  }
  return { targets, test };
}

/** The ingest's `atlas-ingest` bin file (workspace-relative), as its package.json declares it. */
function ingestBinFile(facts: WorkspaceFacts, ingestPath: string): string | undefined {
  const pkg = [...facts.packages.values()].find((p) => p.root === ingestPath);
  const bin = pkg?.manifest.bin;
  const file = typeof bin === 'string' ? bin : bin?.['atlas-ingest'];
  return file ? posix.normalize(posix.join(ingestPath, file)) : undefined;
}
