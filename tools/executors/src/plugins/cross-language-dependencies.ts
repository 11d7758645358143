import { DependencyType, type CreateDependencies, type RawProjectGraphDependency } from '@nx/devkit';
import { collectStrings, ownerOfPath, pathsMentioned, projectRootIndex } from './workspace-references.js';

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

/** What the plugin's inference records on a project for its edges (project metadata `atlas`). */
export interface AtlasProjectMetadata {
  /** Workspace paths the project reads at run time, each with the file that says so. */
  reads?: Array<{ path: string; file: string }>;
  /** npm bin name → the package.json that declares it (for programs the project's targets run). */
  bins?: Record<string, string>;
  /** The config file that made the plugin infer the project's executor targets (the reason of their edges). */
  configFile?: string;
  /** Set on a workspace package that provides Nx executors: its package name. */
  executorPackage?: string;
}

/**
 * Edges that imports cannot show, from what the plugin read while inferring (no file is read here):
 * - paths a project reads at run time (a code location's dbt project and ingest in its pyproject.toml,
 *   the assets a site copies in site-assets.json), each with the file that says so;
 * - programs a target runs that are another workspace package's bin (a dbt project's setup command
 *   `atlas-ingest migrate`, declared in its project.json);
 * - targets run by a workspace executor (`@atlas/executors:dbt-build`): the project depends on the
 *   package that implements it, so a change to an executor marks its users affected (Nx would not).
 */
export const createCrossLanguageDependencies: CreateDependencies = (_options, context) => {
  const index = projectRootIndex(context.projects);
  const metadataOf = (name: string) =>
    (context.projects[name]?.metadata?.['atlas'] ?? {}) as AtlasProjectMetadata;
  const bins = new Map<string, string>();
  const executorPackages = new Map<string, string>();
  for (const name of Object.keys(context.projects)) {
    for (const bin of Object.keys(metadataOf(name).bins ?? {})) bins.set(bin, name);
    const provides = metadataOf(name).executorPackage;
    if (provides) executorPackages.set(provides, name);
  }
  const edges = new Map<string, RawProjectGraphDependency>();
  const add = (source: string, target: string | undefined, sourceFile?: string) => {
    if (!target || target === source) return;
    const key = `${source}->${target}`;
    if (edges.has(key) && !sourceFile) return;
    edges.set(
      key,
      sourceFile
        ? { source, target, sourceFile, type: DependencyType.static }
        : { source, target, type: DependencyType.implicit },
    );
  };
  for (const [name, project] of Object.entries(context.projects)) {
    if (project.root === '.' || project.root === '') continue;
    const meta = metadataOf(name);
    for (const { path, file } of meta.reads ?? []) add(name, ownerOfPath(index, path), file);
    for (const target of Object.values(project.targets ?? {})) {
      const executorPackage = target.executor?.split(':')[0];
      if (executorPackage) add(name, executorPackages.get(executorPackage), meta.configFile);
      const { strings, argvs } = collectStrings(target.options ?? {});
      for (const program of programsIn(strings, argvs))
        add(name, bins.get(program), `${project.root}/project.json`);
      for (const text of strings)
        for (const path of pathsMentioned(text, project.root, context.workspaceRoot))
          add(name, ownerOfPath(index, path));
    }
  }
  return [...edges.values()];
};
