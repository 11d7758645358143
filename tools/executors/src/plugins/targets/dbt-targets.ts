import type { TargetConfiguration } from '@nx/devkit';
import { executorSource } from '../inputs/executor-inputs.js';
import { pythonPackageInputs } from '../inputs/python-inputs.js';
import { npmPackagesOf } from '../workspace/package-manifests.js';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import { inProject } from '../workspace/project-scan.js';
import { npm, PYTHON_ENV, type InferredParts } from './common.js';

/** Where the inferred dbt-build writes manifest.json and run_results.json, relative to the dbt project. */
export const DBT_BUILD_TARGET_FOLDER = 'target/nx-build';

/** Folders dbt and its tools generate inside a project; never part of a cache key. */
const GENERATED = ['target', 'logs', 'dbt_packages', 'node_modules'];

/**
 * What dbt reads of a dbt project: SQL (models, macros, tests, snapshots, analyses), YAML (project,
 * profile, properties), seeds, docs blocks; not its README, scripts or generated folders.
 */
export function dbtProjectFiles(root: string, token = '{projectRoot}'): string[] {
  const at = token === '{projectRoot}' ? token : `${token}/${root}`;
  return [
    ...['sql', 'yml', 'yaml', 'csv', 'md'].map((ext) => `${at}/**/*.${ext}`),
    `!${at}/README.md`,
    ...GENERATED.map((folder) => `!${at}/${folder}/**/*`),
  ];
}

/**
 * The files the project's setup commands read (project.json: dbt-build's setupCommands): the run-time
 * files of each workspace package whose bin they run. Their fingerprint decides whether a slim build
 * may start from the reference's database snapshot.
 */
function setupInputsOf(scan: ProjectScan, facts: WorkspaceFacts): string[] {
  if (!scan.has('project.json')) return [];
  const config = JSON.parse(scan.read('project.json')) as {
    targets?: Record<string, { options?: { setupCommands?: string[][] } }>;
  };
  const programs = (config.targets?.['dbt-build']?.options?.setupCommands ?? []).map((argv) =>
    argv[0] === 'npx' ? argv.find((a, i) => i > 0 && !a.startsWith('-')) : argv[0],
  );
  const roots = new Set<string>();
  for (const pkg of facts.packages.values()) {
    const bin = pkg.manifest.bin;
    const names =
      typeof bin === 'string' ? [pkg.manifest.name?.replace(/^@[^/]+\//, '')] : Object.keys(bin ?? {});
    if (!names.some((n) => n && programs.includes(n))) continue;
    // The program's own package, and the workspace packages it loads at run time.
    roots.add(pkg.root);
    for (const dep of npmPackagesOf(facts.packages, pkg.root).workspace) {
      const found = facts.packages.get(dep);
      if (found) roots.add(found.root);
    }
  }
  return [...roots]
    .sort()
    .flatMap((root) => [
      `${root}/**/*`,
      ...['tests', 'bench', 'node_modules', 'dist'].map((f) => `!${root}/${f}/**`),
      `!${root}/**/*.spec.ts`,
      `!${root}/README.md`,
    ]);
}

/**
 * dbt-build and dbt-docs for a dbt project (a folder with dbt_project.yml and project.json). Inputs:
 * the dbt files, the executor's own code, the locked Python packages of the project's uv member (dbt
 * and its adapter), and `^production`: the projects its setup commands run (the ingest's migrations
 * and fixtures). The setup commands are the project's own options, in its project.json.
 */
export function inferDbt(scan: ProjectScan, facts: WorkspaceFacts): InferredParts {
  if (scan.root === '.' || !scan.has('dbt_project.yml')) return { targets: {} };
  const python = pythonPackageInputs(facts.lock, { memberPath: scan.root });
  const dbtTarget = (
    executor: string,
    config: Pick<TargetConfiguration, 'options' | 'outputs' | 'metadata'>,
    extraInputs: NonNullable<TargetConfiguration['inputs']> = [],
  ): TargetConfiguration => {
    const source = executorSource(facts, `${facts.executorPackage}:${executor}`);
    return {
      executor: `${facts.executorPackage}:${executor}`,
      cache: true,
      inputs: [
        ...dbtProjectFiles(scan.root),
        '{projectRoot}/pyproject.toml',
        ...(source?.files ?? []),
        ...python,
        ...(npm(source?.external ?? []) ?? []),
        '^production',
        ...extraInputs,
      ],
      dependsOn: [PYTHON_ENV],
      ...config,
    };
  };
  const build = dbtTarget(
    'dbt-build',
    {
      options: {
        projectDir: '{projectRoot}',
        targetPath: `{projectRoot}/${DBT_BUILD_TARGET_FOLDER}`,
        setupInputs: setupInputsOf(scan, facts),
      },
      outputs: [`{projectRoot}/${DBT_BUILD_TARGET_FOLDER}`],
      metadata: {
        technologies: ['dbt', 'postgresql'],
        description:
          'dbt build (seeds, models, snapshots, data and unit tests) on a fresh PostgreSQL after the setup commands; names each failing node. Slim (state:modified+ --defer) when ATLAS_DBT_REFERENCE names the reference of the last main build.',
        help: {
          command: '.venv/bin/dbt build --help',
          example: { options: { select: '+fct_kommune_indicator' } },
        },
      },
    },
    [{ env: 'ATLAS_DBT_REFERENCE' }],
  );
  const docs = dbtTarget('dbt-docs', {
    options: { projectDir: '{projectRoot}', outputPath: '{projectRoot}/target/lineage' },
    outputs: ['{projectRoot}/target/lineage'],
    metadata: {
      technologies: ['dbt', 'postgresql'],
      description:
        'The static dbt docs site (lineage and catalog) in target/lineage/index.html, byte-identical for identical inputs, from relations built with zero rows on a fresh PostgreSQL.',
      help: {
        command: '.venv/bin/dbt docs generate --help',
        example: { options: { outputPath: '{projectRoot}/target/lineage' } },
      },
    },
  });
  return {
    targets: { 'dbt-build': build, 'dbt-docs': docs },
    groups: { dbt: ['dbt-build', 'dbt-docs'] },
    test: ['dbt-build'],
    configFile: inProject(scan, 'dbt_project.yml'),
  };
}
