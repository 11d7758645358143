import { posix } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import { folderInputs, sourceClosure } from '../inputs/source-closure.js';
import { importInputs } from '../inputs/import-inputs.js';
import { pythonPackageInputs } from '../inputs/python-inputs.js';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import { inProject } from '../workspace/project-scan.js';
import { npm, NODE_RUNTIME, PYTHON_ENV, TSCONFIG_BASE, type InferredParts } from './common.js';

const SPEC = /\.spec\.tsx?$/;
const E2E = /\.e2e\.spec\.tsx?$/;
/** Code that starts a Python tool from the root .venv. */
const RUNS_PYTHON = /\bvenvBin\(/;

export interface SpecGroup {
  /** Target name suffix: test-<name>. */
  name: string;
  /** Folder of the group, relative to the project. */
  folder: string;
  specs: string[];
  /**
   * A group of one folder per item (package.json "atlas": { "testPerFolder": ... }): the files its
   * specs read besides the code they import, relative to the project. It hashes these instead of
   * the project's production files, so a change to one item reruns that item's group only.
   */
  reads?: string[];
}

/**
 * package.json "atlas": { "testPerFolder": { "<folder>": ["<glob with {name}>", ...] } }: every
 * sub-folder of <folder> with specs is a group of its own, `test-<sub-folder>`, reading the globs
 * ({name} is the sub-folder's name).
 */
function perFolderGroups(scan: ProjectScan): Record<string, string[]> {
  return (
    (scan.manifest as { atlas?: { testPerFolder?: Record<string, string[]> } } | undefined)?.atlas
      ?.testPerFolder ?? {}
  );
}

/**
 * How a project's specs split into targets Nx can schedule side by side and rerun one by one:
 * - an executor package: one group per executor folder (src/executors/<name>), one per other top-level
 *   folder of src (utils, plugins, ...), one per other top-level folder with specs;
 * - any other project: `integration` for tests/ (real databases, subprocesses), `unit` for the rest.
 */
export function specGroups(scan: ProjectScan): SpecGroup[] {
  const rel = (file: string) => (scan.root === '.' ? file : file.slice(scan.root.length + 1));
  const specs = scan.files.map(rel).filter((f) => SPEC.test(f) && !E2E.test(f));
  const groups = new Map<string, SpecGroup>();
  const add = (name: string, folder: string, spec: string, reads?: string[]) => {
    const group = groups.get(name) ?? { name, folder, specs: [], ...(reads && { reads }) };
    group.specs.push(spec);
    groups.set(name, group);
  };
  const perFolder = Object.entries(perFolderGroups(scan));
  for (const spec of specs) {
    const parts = spec.split('/');
    const item = perFolder.find(
      ([folder]) => spec.startsWith(`${folder}/`) && parts.length > folder.split('/').length + 1,
    );
    if (item) {
      const [folder, reads] = item;
      const name = parts[folder.split('/').length] as string;
      add(
        name,
        `${folder}/${name}`,
        spec,
        reads.map((glob) => glob.replaceAll('{name}', name)),
      );
    } else if (scan.manifest?.executors) {
      if (parts[0] === 'src' && parts[1] === 'executors' && parts.length > 3)
        add(parts[2] as string, `src/executors/${parts[2]}`, spec);
      else if (parts[0] === 'src' && parts.length > 2) add(parts[1] as string, `src/${parts[1]}`, spec);
      else
        add(
          parts.length > 1 ? (parts[0] as string) : 'unit',
          parts.length > 1 ? (parts[0] as string) : '.',
          spec,
        );
    } else if (parts[0] === 'tests') add('integration', 'tests', spec);
    else add('unit', '.', spec);
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * `test-<group>` targets running vitest on each group of specs. Inputs: the group's folder, the source
 * its specs load (the closure of their imports, across workspace packages), the project's vitest
 * config and package.json, the npm packages the project can load, and, when that code starts Python,
 * the locked packages of the project's uv member.
 */
export function inferVitest(scan: ProjectScan, facts: WorkspaceFacts): InferredParts {
  if (scan.root === '.' || !scan.has('vitest.config.ts')) return { targets: {} };
  const targets: Record<string, TargetConfiguration> = {};
  const names: string[] = [];
  const builtDbt = scan.has('dbt_project.yml');
  // What the project's package.json says it uses of the workspace (a bin, a package's data), imported or not.
  const declaredWorkspaceDeps = Object.keys({
    ...scan.manifest?.dependencies,
    ...scan.manifest?.devDependencies,
  }).filter((d) => facts.packages.has(d));
  // package.json "atlas": { "testReads": [...globs] } for every group, or { "<group>": [...globs] }.
  const declaredReads =
    (scan.manifest as { atlas?: { testReads?: string[] | Record<string, string[]> } } | undefined)?.atlas
      ?.testReads ?? [];
  const testReads = (group: string) =>
    (Array.isArray(declaredReads) ? declaredReads : (declaredReads[group] ?? [])).map(
      // `!<glob>` leaves files out of what the other globs take.
      (glob) => (glob.startsWith('!') ? `!{workspaceRoot}/${glob.slice(1)}` : `{workspaceRoot}/${glob}`),
    );
  for (const group of specGroups(scan)) {
    const specFiles = group.specs.map((s) => inProject(scan, s));
    const closure = sourceClosure(facts.workspaceRoot, specFiles, facts.packages);
    const groupFolder = group.folder === '.' ? scan.root : inProject(scan, group.folder);
    const wholeFolders = group.folder === '.' ? [] : [groupFolder];
    const runsPython =
      closure.some((file) => {
        if (!/\.(ts|tsx)$/.test(file)) return false;
        return RUNS_PYTHON.test(scan.read(posix.relative(scan.root, file)));
      }) || closure.some((f) => f.endsWith('.py'));
    const name = `test-${group.name}`;
    // The unit group is what the other groups leave: vitest excludes their folders.
    const others = specGroups(scan)
      .filter((g) => g.folder !== '.')
      .map((g) => g.folder);
    const args = group.folder === '.' ? others.map((f) => `--exclude "${f}/**"`) : [`${group.folder}/`];
    targets[name] = {
      command: ['vitest run', ...args].join(' '),
      options: { cwd: scan.root },
      cache: true,
      inputs: [
        // The group's own folder and what its specs load, and the project's production files, which
        // its code reads at run time too (migrations, fixtures, data files beside the modules).
        // Other groups' folders are not its inputs, unless its specs import code from them.
        ...(group.folder === '.'
          ? [
              'default',
              ...others
                .filter((f) => !closure.some((file) => file.startsWith(`${inProject(scan, f)}/`)))
                .map((f) => `!{projectRoot}/${f}/**/*`),
            ]
          : [
              ...folderInputs(closure, wholeFolders, true),
              ...(group.reads ? group.reads.map((glob) => `{projectRoot}/${glob}`) : ['production']),
            ]),
        ...(group.folder === '.'
          ? []
          : [`{projectRoot}/vitest.config.ts`, `{projectRoot}/package.json`, `{projectRoot}/tsconfig.json`]),
        // What the specs import from other projects, whole: a spec may read data files beside the code.
        // A group that reads the whole repository through its globs gets nothing more from what the
        // package declares (and keeps out what its globs leave out).
        ...importInputs(
          scan,
          facts,
          specFiles,
          'projects',
          testReads(group.name).includes('{workspaceRoot}/**/*') ? [] : declaredWorkspaceDeps,
        ),
        TSCONFIG_BASE,
        NODE_RUNTIME,
        ...(npm(['vitest', ...scan.npm.external]) ?? []),
        ...(runsPython ? pythonPackageInputs(facts.lock, { memberPath: scan.root, groups: ['dev'] }) : []),
        // Files its tests run that no package declares (package.json "atlas": { "testReads": [...] }).
        ...testReads(group.name),
        // A dbt project's specs run on the database its dbt-build left (the snapshot in its target folder).
        ...(builtDbt ? [{ dependentTasksOutputFiles: '**/manifest.json' }] : []),
      ],
      outputs: [],
      ...(runsPython || builtDbt
        ? { dependsOn: [...(runsPython ? [PYTHON_ENV] : []), ...(builtDbt ? ['dbt-build'] : [])] }
        : {}),
      metadata: {
        technologies: ['vitest'],
        description: `Vitest: the ${group.name} specs (${group.specs.length} file${group.specs.length === 1 ? '' : 's'} in ${group.folder === '.' ? 'the project' : group.folder}).`,
        help: { command: `cd ${scan.root} && npx ${['vitest run', ...args].join(' ')}`, example: {} },
      },
    };
    names.push(name);
  }
  return { targets, groups: { Test: names }, test: names };
}
