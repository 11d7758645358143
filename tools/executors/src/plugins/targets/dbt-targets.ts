import type { TargetConfiguration } from '@nx/devkit';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { executorSource } from '../inputs/executor-inputs.js';
import { folderInputs, sourceClosure } from '../inputs/source-closure.js';
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
 * The packages the project's setup commands run (project.json: dbt-build's setupCommands): each
 * workspace package whose bin they call, with the workspace packages it loads. Their files decide what
 * the setup loads, so they are dbt's inputs, and their fingerprint whether a slim build may start from
 * the reference's database snapshot.
 */
function commandsOf(scan: ProjectScan, option: 'setupCommands' | 'checkCommands'): string[][] {
  if (!scan.has('project.json')) return [];
  const config = JSON.parse(scan.read('project.json')) as {
    targets?: Record<string, { options?: Partial<Record<typeof option, string[][]>> }>;
  };
  return config.targets?.['dbt-build']?.options?.[option] ?? [];
}

/** The workspace scripts commands name (`npx tsx libs/x/script.ts`), with everything they import. */
function scriptsOf(commands: string[][], facts: WorkspaceFacts): string[] {
  const named = commands
    .flat()
    .filter((arg) => /\.(ts|mts|mjs|js)$/.test(arg) && existsSync(join(facts.workspaceRoot, arg)));
  return named.length > 0 ? sourceClosure(facts.workspaceRoot, named, facts.packages) : [];
}

function setupRootsOf(scan: ProjectScan, facts: WorkspaceFacts): string[] {
  const programs = commandsOf(scan, 'setupCommands').map((argv) =>
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
  return [...roots].sort();
}

/** Globs of what the setup reads, for the setup fingerprint of a reference snapshot. */
function setupGlobs(roots: string[]): string[] {
  return roots.flatMap((root) => [
    `${root}/**/*`,
    ...['tests', 'bench', 'node_modules', 'dist'].map((f) => `!${root}/${f}/**`),
    `!${root}/**/*.spec.ts`,
    `!${root}/README.md`,
  ]);
}

/**
 * dbt-build and dbt-docs for a dbt project (a folder with dbt_project.yml and project.json). Inputs:
 * the dbt files, the executor's own code, the locked Python packages of the project's uv member (dbt
 * and its adapter), and the production files of the projects its setup commands run (the ingest's
 * program, migrations and fixtures). The setup commands are the project's own options, in its project.json.
 */
export function inferDbt(scan: ProjectScan, facts: WorkspaceFacts): InferredParts {
  if (scan.root === '.' || !scan.has('dbt_project.yml')) return { targets: {} };
  const python = pythonPackageInputs(facts.lock, { memberPath: scan.root });
  const setupRoots = setupRootsOf(scan, facts);
  // Scripts the setup and check commands run (fixture expectations, fidelity checks) are read too.
  const setupScripts = scriptsOf(commandsOf(scan, 'setupCommands'), facts);
  const checkScripts = scriptsOf(commandsOf(scan, 'checkCommands'), facts);
  const setupProjects = setupRoots.map((r) => facts.projectNames.get(r)).filter((p): p is string => !!p);
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
        // The setup commands run these projects' programs on their data (migrations, fixtures).
        ...(setupProjects.length > 0 ? [{ input: 'production', projects: setupProjects }] : []),
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
        setupInputs: [...setupGlobs(setupRoots), ...setupScripts],
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
    [...folderInputs([...setupScripts, ...checkScripts], [], false), { env: 'ATLAS_DBT_REFERENCE' }],
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
