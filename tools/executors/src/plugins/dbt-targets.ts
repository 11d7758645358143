import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CreateNodesContext, CreateNodesResult, TargetConfiguration } from '@nx/devkit';

const EXECUTOR_SOURCE = { input: 'production', projects: ['executors'] };
const PYTHON_ENV = { projects: ['atlas'], target: 'python-env' };

/** Folders dbt and its tools generate inside a project; never part of a cache key. */
const GENERATED = ['target', 'logs', 'dbt_packages', 'node_modules'];

/**
 * What a dbt run reads: SQL (models, macros, tests, snapshots, analyses), YAML (dbt_project.yml,
 * profiles.yml, properties, packages), seeds, docs blocks; the Python environment dbt runs from
 * (root uv.lock and pyproject.toml); this package's executors; and the production files of the
 * projects dbt depends on, which the setup commands run (atlas-ingest's migrations and fixtures).
 */
/** Where the inferred dbt-build writes manifest.json and run_results.json, relative to the dbt project. */
export const DBT_BUILD_TARGET_FOLDER = 'target/nx-build';

export const DBT_INPUTS: NonNullable<TargetConfiguration['inputs']> = [
  '{projectRoot}/**/*.sql',
  '{projectRoot}/**/*.yml',
  '{projectRoot}/**/*.yaml',
  '{projectRoot}/**/*.csv',
  '{projectRoot}/**/*.md',
  '!{projectRoot}/README.md',
  ...GENERATED.map((folder) => `!{projectRoot}/${folder}/**/*`),
  '{projectRoot}/pyproject.toml',
  '{workspaceRoot}/uv.lock',
  '{workspaceRoot}/pyproject.toml',
  EXECUTOR_SOURCE,
  '^production',
];

/**
 * dbt-build and dbt-docs for every dbt project: a folder with dbt_project.yml that is already an Nx
 * project (project.json or package.json beside it), so dbt packages and test fixtures stay out.
 * Setup commands (migrate, load fixtures) are the project's own: it adds them as options in its
 * project.json, which Nx merges over these targets.
 */
export function inferDbtTargets(
  configFile: string,
  _options: unknown,
  context: CreateNodesContext,
): CreateNodesResult {
  const root = dirname(configFile);
  const isProject = ['project.json', 'package.json'].some((f) =>
    existsSync(join(context.workspaceRoot, root, f)),
  );
  if (root === '.' || !isProject) return {};
  return {
    projects: {
      [root]: {
        metadata: { targetGroups: { dbt: ['dbt-build', 'dbt-docs'] } },
        targets: {
          'dbt-build': {
            executor: '@atlas/executors:dbt-build',
            options: { projectDir: '{projectRoot}', targetPath: `{projectRoot}/${DBT_BUILD_TARGET_FOLDER}` },
            cache: true,
            inputs: DBT_INPUTS,
            outputs: [`{projectRoot}/${DBT_BUILD_TARGET_FOLDER}`],
            dependsOn: [PYTHON_ENV],
            metadata: {
              technologies: ['dbt', 'postgresql'],
              description:
                'dbt build (seeds, models, snapshots, data and unit tests) on a fresh PostgreSQL after the setup commands; prints a run summary and names each failing node. Slim mode: --state=<folder with a reference manifest.json>.',
              help: {
                command: '.venv/bin/dbt build --help',
                example: { options: { select: '+fct_kommune_indicator', state: 'dist/reference-manifest' } },
              },
            },
          },
          'dbt-docs': {
            executor: '@atlas/executors:dbt-docs',
            options: { projectDir: '{projectRoot}', outputPath: '{projectRoot}/target/lineage' },
            cache: true,
            inputs: DBT_INPUTS,
            outputs: ['{projectRoot}/target/lineage'],
            dependsOn: [PYTHON_ENV],
            metadata: {
              technologies: ['dbt', 'postgresql'],
              description:
                'The static dbt docs site (lineage and catalog) in target/lineage/index.html, from relations built with zero rows on a fresh PostgreSQL.',
              help: {
                command: '.venv/bin/dbt docs generate --help',
                example: { options: { outputPath: '{projectRoot}/target/lineage' } },
              },
            },
          },
        },
      },
    },
  };
}
