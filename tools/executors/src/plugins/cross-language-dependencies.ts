import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DependencyType, type CreateDependencies, type RawProjectGraphDependency } from '@nx/devkit';
import { parse as parseToml } from 'smol-toml';
import {
  binOwners,
  collectStrings,
  ownerOfPath,
  pathsMentioned,
  projectRootIndex,
  workspaceExecutorPackages,
} from './workspace-references.js';

/** Package runners whose next argument is the program, e.g. `npx atlas-ingest migrate`. */
const RUNNERS = new Set(['npx', 'npm exec', 'pnpm', 'yarn', 'uv', 'uvx']);

function programsIn(strings: string[], argvs: string[][]): string[] {
  const programs: string[] = [];
  const fromTokens = (tokens: string[]) => {
    const [first, second] = tokens;
    if (first && RUNNERS.has(first) && second) programs.push(second);
    else if (first) programs.push(first);
  };
  for (const argv of argvs) fromTokens(argv);
  for (const command of strings) {
    // A command line may chain several commands.
    for (const part of command.split(/&&|\|\||;/)) fromTokens(part.trim().split(/\s+/));
  }
  return programs;
}

/**
 * Edges that imports cannot show, read from what each project's files say:
 * - project.json: paths into other projects (inputs, options, commands) and programs that are
 *   another workspace package's bin (a dbt project's setup command `atlas-ingest migrate`);
 * - pyproject.toml [tool.atlas]: the paths a Python project reads at run time (a Dagster code
 *   location's dbt project and ingest package);
 * - targets run by a workspace plugin's executor (`@atlas/executors:dbt-build`): the project depends on
 *   the package that implements it, so changing an executor marks its users affected (Nx would not).
 */
export const createCrossLanguageDependencies: CreateDependencies = (_options, context) => {
  const index = projectRootIndex(context.projects);
  const bins = binOwners(context.workspaceRoot, context.projects);
  const edges = new Map<string, RawProjectGraphDependency>();
  const add = (source: string, target: string | undefined, sourceFile?: string) => {
    if (!target || target === source) return;
    edges.set(
      `${source}->${target}`,
      sourceFile
        ? { source, target, sourceFile, type: DependencyType.static }
        : { source, target, type: DependencyType.implicit },
    );
  };
  const executorPackages = workspaceExecutorPackages(context.workspaceRoot, context.projects);

  for (const [name, project] of Object.entries(context.projects)) {
    if (project.root === '.' || project.root === '') continue;
    for (const target of Object.values(project.targets ?? {})) {
      const executorPackage = target.executor?.split(':')[0];
      if (executorPackage) add(name, executorPackages.get(executorPackage));
    }
    const projectJson = join(project.root, 'project.json');
    if (existsSync(join(context.workspaceRoot, projectJson))) {
      const config = JSON.parse(readFileSync(join(context.workspaceRoot, projectJson), 'utf8')) as {
        targets?: unknown;
      };
      const { strings, argvs } = collectStrings(config.targets ?? {});
      for (const text of strings) {
        for (const path of pathsMentioned(text, project.root, context.workspaceRoot))
          add(name, ownerOfPath(index, path), projectJson);
      }
      for (const program of programsIn(strings, argvs)) add(name, bins.get(program), projectJson);
    }
    const pyproject = join(project.root, 'pyproject.toml');
    if (existsSync(join(context.workspaceRoot, pyproject))) {
      const toml = parseToml(readFileSync(join(context.workspaceRoot, pyproject), 'utf8')) as {
        tool?: { atlas?: unknown };
      };
      const { strings } = collectStrings(toml.tool?.atlas ?? {});
      for (const text of strings) {
        for (const path of pathsMentioned(text, project.root, context.workspaceRoot))
          add(name, ownerOfPath(index, path), pyproject);
      }
    }
  }
  return [...edges.values()];
};
