import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ExecutorFailure } from '../executor-failure.js';

/** What stands in for every run-specific value, so that identical inputs give byte-identical artefacts. */
export const STABLE = {
  time: '2000-01-01T00:00:00.000000Z',
  invocationId: '00000000-0000-0000-0000-000000000000',
  database: 'atlas',
} as const;

/** Maps of unique_id → entry whose order dbt takes from the file system; sorted here. */
const ID_MAPS = [
  'nodes',
  'sources',
  'macros',
  'docs',
  'exposures',
  'metrics',
  'groups',
  'selectors',
  'disabled',
  'parent_map',
  'child_map',
  'group_map',
  'saved_queries',
  'semantic_models',
  'unit_tests',
  'functions',
  'errors',
];

const sortKeys = (value: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export interface StabilizeOptions {
  /** The database the run built in; replaced by a fixed name (a temporary database has a random one). */
  database: string | undefined;
  /** The dbt project folder; absolute paths to it become paths relative to the workspace. */
  projectDir: string;
  workspaceRoot: string;
  /** The run's target folder, when it is a scratch folder of its own (it becomes `target`). */
  targetDir?: string;
}

/**
 * A dbt artefact (manifest.json, catalog.json) with what differs between two runs of the same inputs
 * taken out: timestamps and invocation ids, the name of the run's database, the machine's absolute
 * paths, the file-system order of the node maps. What the artefact says about the project stays.
 */
export function stabilizeArtifact(text: string, options: StabilizeOptions): string {
  let replaced = options.targetDir ? text.replaceAll(options.targetDir, 'target') : text;
  replaced = replaced.replaceAll(options.projectDir, relative(options.workspaceRoot, options.projectDir));
  if (options.database && options.database !== STABLE.database)
    replaced = replaced.replaceAll(options.database, STABLE.database);
  const artifact = JSON.parse(replaced) as Record<string, unknown> & { metadata?: Record<string, unknown> };
  if (artifact.metadata) {
    for (const key of ['generated_at', 'invocation_started_at', 'run_started_at'])
      if (key in artifact.metadata) artifact.metadata[key] = STABLE.time;
    if ('invocation_id' in artifact.metadata) artifact.metadata['invocation_id'] = STABLE.invocationId;
  }
  for (const key of ID_MAPS) {
    const map = artifact[key];
    if (!map || typeof map !== 'object' || Array.isArray(map)) continue;
    const sorted = sortKeys(map as Record<string, unknown>);
    const settle = (entry: unknown) => {
      if (entry && typeof entry === 'object' && 'created_at' in entry)
        (entry as { created_at: number }).created_at = 0;
    };
    for (const [id, entry] of Object.entries(sorted)) {
      // parent_map and child_map list ids; `disabled` lists the disabled versions of a node.
      if (Array.isArray(entry)) {
        if (entry.every((e) => typeof e === 'string')) sorted[id] = [...(entry as string[])].sort();
        else entry.forEach(settle);
      } else settle(entry);
    }
    artifact[key] = sorted;
  }
  return JSON.stringify(artifact);
}

/** Rewrite the named artefacts of a dbt target folder in place, stabilized. */
export function stabilizeTargetFolder(
  targetDir: string,
  files: readonly string[],
  options: StabilizeOptions,
): void {
  for (const file of files) {
    const path = join(targetDir, file);
    if (existsSync(path)) writeFileSync(path, stabilizeArtifact(readFileSync(path, 'utf8'), options));
  }
}

/**
 * dbt's static docs page, made the way `dbt docs generate --static` makes it (the index.html template
 * with manifest.json and catalog.json inlined), but from the stabilized artefacts.
 */
export function writeStaticIndex(targetDir: string, outFile: string): void {
  const template = join(targetDir, 'index.html');
  if (!existsSync(template))
    throw new ExecutorFailure(
      'dbt docs generate wrote no index.html into its target folder; its output is above.',
    );
  const page = readFileSync(template, 'utf8')
    .replace('"MANIFEST.JSON INLINE DATA"', () => readFileSync(join(targetDir, 'manifest.json'), 'utf8'))
    .replace('"CATALOG.JSON INLINE DATA"', () => readFileSync(join(targetDir, 'catalog.json'), 'utf8'));
  writeFileSync(outFile, page);
}
