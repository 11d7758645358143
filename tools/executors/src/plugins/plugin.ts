import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type {
  CreateDependencies,
  CreateNodesContext,
  CreateNodesResult,
  CreateNodes,
  ProjectConfiguration,
  TargetConfiguration,
} from '@nx/devkit';
import { workspaceRoot as nxWorkspaceRoot } from '@nx/devkit';
import {
  calculateHashesForCreateNodes,
  hashWithWorkspaceContext,
  workspaceDataDirectory,
} from '@nx/devkit/internal';
import { createCrossLanguageDependencies, type AtlasProjectMetadata } from './cross-language-dependencies.js';
import { resetExecutorSources } from './inputs/executor-inputs.js';
import { pythonDependencies } from './python/python-dependencies.js';
import { pythonExternalNodes, readUvLock } from './python/python-packages.js';
import type { InferredParts } from './targets/common.js';
import { inferDagster } from './targets/dagster-targets.js';
import { inferDbt } from './targets/dbt-targets.js';
import { inferEslint } from './targets/eslint-targets.js';
import { inferExecutorPackage } from './targets/executor-package-targets.js';
import { inferFormat } from './targets/format-targets.js';
import { gateTargets } from './targets/gate-targets.js';
import { inferImage } from './targets/image-targets.js';
import { inferNext } from './targets/next-targets.js';
import { inferPackageScripts } from './targets/package-script-targets.js';
import { inferPages } from './targets/pages-targets.js';
import { inferPython } from './targets/python-targets.js';
import { inferRoot } from './targets/root-targets.js';
import { inferSite } from './targets/site-targets.js';
import { inferTypecheck } from './targets/typescript-targets.js';
import { inferVitest } from './targets/vitest-targets.js';
import { readWorkspacePackages } from './workspace/package-manifests.js';
import { scanProject, type WorkspaceFacts } from './workspace/project-scan.js';
import { inferLocalDev, LOCAL_DEV_FILE } from './targets/local-dev-targets.js';

/**
 * Files outside a project that its inference reads: every package.json (npm declarations), uv.lock
 * (Python closures), the root ESLint, Prettier, ruff and Docker ignore settings, local-dev.json (the
 * local surfaces), every project.json (project names) and the sources of the workspace packages an
 * executor can import (executor inputs are their import closure).
 */
const SHARED_GLOBS = [
  'package.json',
  '*/*/package.json',
  '*/*/*/package.json',
  '**/project.json',
  'uv.lock',
  'eslint.config.mjs',
  '.prettierignore',
  'ruff.toml',
  'local-dev.json',
  '.dockerignore',
  'tools/*/executors.json',
  'tools/*/src/**/*.ts',
];

type CachedProject = Omit<CreateNodesResult, 'externalNodes'>;

/** Inferred projects by the hash of everything their inference read, kept between Nx commands. */
class PluginCache {
  private entries: Record<string, CachedProject> = {};
  private changed = false;
  constructor(private readonly file: string) {
    if (existsSync(file)) {
      try {
        this.entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, CachedProject>;
      } catch {
        this.entries = {};
      }
    }
  }
  get(hash: string): CachedProject | undefined {
    return this.entries[hash];
  }
  set(hash: string, value: CachedProject): void {
    this.entries[hash] = value;
    this.changed = true;
  }
  /** Keep only what this run used, and write atomically: a killed run never leaves half a file. */
  write(used: Set<string>): void {
    if (!this.changed && Object.keys(this.entries).every((k) => used.has(k))) return;
    const kept = Object.fromEntries(Object.entries(this.entries).filter(([k]) => used.has(k)));
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(kept));
    renameSync(`${this.file}.tmp`, this.file);
  }
}

/** The plugin's cache file in the workspace data folder of the workspace being inferred (a test's temp workspace too). */
function cacheFile(workspaceRoot: string): string {
  const dataDirectory =
    resolve(workspaceRoot) === resolve(nxWorkspaceRoot)
      ? workspaceDataDirectory
      : join(workspaceRoot, '.nx', 'workspace-data');
  return join(dataDirectory, 'atlas-plugin.hash');
}

function projectNames(workspaceRoot: string, roots: string[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const root of roots) {
    const config = JSON.parse(readFileSync(join(workspaceRoot, root, 'project.json'), 'utf8')) as {
      name?: string;
    };
    names.set(root, config.name ?? basename(root === '.' ? workspaceRoot : root));
  }
  return names;
}

function mergeParts(parts: InferredParts[]): InferredParts {
  const merged: InferredParts = { targets: {}, groups: {}, lint: [], test: [], deployGates: [], reads: [] };
  for (const part of parts) {
    Object.assign(merged.targets, part.targets);
    for (const [group, names] of Object.entries(part.groups ?? {}))
      merged.groups![group] = [...(merged.groups![group] ?? []), ...names];
    merged.lint!.push(...(part.lint ?? []));
    merged.test!.push(...(part.test ?? []));
    merged.deployGates!.push(...(part.deployGates ?? []));
    merged.reads!.push(...(part.reads ?? []));
    if (part.namedInputs) merged.namedInputs = { ...merged.namedInputs, ...part.namedInputs };
    if (part.runtimeReads) merged.runtimeReads = [...(merged.runtimeReads ?? []), ...part.runtimeReads];
    merged.configFile ??= part.configFile;
    merged.executorPackage ??= part.executorPackage;
  }
  return merged;
}

const readIfThere = (workspaceRoot: string, file: string): string | undefined =>
  existsSync(join(workspaceRoot, file)) ? readFileSync(join(workspaceRoot, file), 'utf8') : undefined;

/** Everything the plugin infers for one project folder. */
async function inferProject(facts: WorkspaceFacts, root: string): Promise<CachedProject> {
  const name = facts.projectNames.get(root) as string;
  const scan = await scanProject(facts, root, name);
  const rootEslint = readIfThere(facts.workspaceRoot, 'eslint.config.mjs');
  const found = mergeParts([
    inferRoot(scan),
    inferTypecheck(scan, facts),
    inferEslint(scan, rootEslint),
    inferFormat(scan, readIfThere(facts.workspaceRoot, '.prettierignore')),
    inferVitest(scan, facts),
    inferPython(scan, facts),
    inferDbt(scan, facts),
    inferDagster(scan, facts),
    inferSite(scan, facts),
    inferNext(scan, facts),
    inferExecutorPackage(scan, facts),
    inferPackageScripts(scan, facts),
    inferImage(scan, facts),
    inferLocalDev(scan, facts, readIfThere(facts.workspaceRoot, LOCAL_DEV_FILE)),
  ]);
  const withPages = mergeParts([found, inferPages(scan, facts, found.deployGates ?? [])]);
  const targets: Record<string, TargetConfiguration> = { ...withPages.targets };
  // The project's tests read what its code reads at run time (a code location's dbt project).
  if (targets['pytest'] && withPages.runtimeReads)
    targets['pytest'].inputs = [...(targets['pytest'].inputs ?? []), ...withPages.runtimeReads];
  Object.assign(targets, gateTargets(withPages.lint ?? [], withPages.test ?? []));
  const bins = scan.manifest?.bin;
  const atlas: AtlasProjectMetadata = {
    ...(withPages.reads?.length ? { reads: withPages.reads } : {}),
    ...(bins ? { bins: typeof bins === 'string' ? { [name]: bins } : bins } : {}),
    ...(withPages.configFile ? { configFile: withPages.configFile } : {}),
    ...(withPages.executorPackage ? { executorPackage: withPages.executorPackage } : {}),
  };
  const groups = Object.fromEntries(
    Object.entries({
      Gates: Object.keys(gateTargets(withPages.lint ?? [], withPages.test ?? [])),
      ...withPages.groups,
    }).filter(([, names]) => names.length > 0),
  );
  const project: Partial<ProjectConfiguration> = {
    targets,
    metadata: { targetGroups: groups, atlas },
    ...(withPages.namedInputs ? { namedInputs: withPages.namedInputs } : {}),
  };
  return { projects: { [root]: project } };
}

async function createNodesFor(
  configFiles: readonly string[],
  options: unknown,
  context: CreateNodesContext,
): Promise<Array<readonly [string, CreateNodesResult]>> {
  resetExecutorSources();
  const cache = new PluginCache(cacheFile(context.workspaceRoot));
  const used = new Set<string>();
  const results: Array<readonly [string, CreateNodesResult]> = [];
  try {
    const projectFiles = configFiles.filter((f) => basename(f) === 'project.json');
    const roots = projectFiles.map((f) => dirname(f));
    const hashes = await calculateHashesForCreateNodes(
      roots,
      (options ?? {}) as object,
      context,
      roots.map(() => SHARED_GLOBS),
    );
    let facts: WorkspaceFacts | undefined;
    const workspaceFacts = (): WorkspaceFacts => {
      if (facts) return facts;
      const packages = readWorkspacePackages(context.workspaceRoot);
      return (facts = {
        workspaceRoot: context.workspaceRoot,
        packages,
        executorPackage:
          [...packages.values()].find((p) => p.manifest.executors)?.manifest.name ?? '@atlas/executors',
        lock: existsSync(join(context.workspaceRoot, 'uv.lock'))
          ? readUvLock(context.workspaceRoot)
          : undefined,
        projectRoots: roots,
        projectNames: projectNames(context.workspaceRoot, roots),
      });
    };
    for (const [i, root] of roots.entries()) {
      // Two folders whose files all fall under the shared globs hash alike: the root tells them apart.
      const hash = `${root}:${hashes[i] as string}`;
      used.add(hash);
      let project = cache.get(hash);
      if (!project) {
        project = await inferProject(workspaceFacts(), root);
        cache.set(hash, project);
      }
      results.push([projectFiles[i] as string, project]);
    }
    for (const lockFile of configFiles.filter((f) => basename(f) === 'uv.lock' && dirname(f) === '.')) {
      const hash = `uv.lock:${await hashWithWorkspaceContext(context.workspaceRoot, [lockFile])}`;
      used.add(hash);
      let cached = cache.get(hash) as CreateNodesResult | undefined;
      if (!cached) {
        cached = { externalNodes: pythonExternalNodes(readUvLock(context.workspaceRoot, lockFile)) };
        cache.set(hash, cached);
      }
      results.push([lockFile, cached]);
    }
    return results;
  } finally {
    cache.write(used);
  }
}

/**
 * The workspace plugin: every project.json folder gets the targets its files call for (see targets/),
 * composed into `lint` and `test` gates; uv.lock gives the Python packages as external nodes.
 */
export const createNodes: CreateNodes = ['**/{project.json,uv.lock}', createNodesFor];

/** Graph edges Nx cannot see in imports, and the edges between locked Python packages. */
export const createDependencies: CreateDependencies = async (options, context) => [
  ...(await createCrossLanguageDependencies(options, context)),
  ...pythonDependencies(context),
];
