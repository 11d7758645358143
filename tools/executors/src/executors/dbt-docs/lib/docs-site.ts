import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ExecutorFailure } from '../../../utils/executor-failure.js';

interface CatalogableNode {
  resource_type: string;
  name: string;
  original_file_path?: string;
  source_name?: string;
  config?: { enabled?: boolean; materialized?: string };
}

export interface DocsManifest {
  nodes?: Record<string, CatalogableNode>;
  sources?: Record<string, CatalogableNode>;
}

export interface DocsCatalog {
  nodes?: Record<string, { columns?: Record<string, unknown> }>;
  sources?: Record<string, { columns?: Record<string, unknown> }>;
}

const RELATIONAL = new Set(['model', 'seed', 'snapshot']);

/**
 * Nodes the site would show without columns: a model, seed or snapshot whose relation the empty build
 * did not create, or a source whose table the setup commands did not create. dbt itself only logs these.
 */
export function catalogGaps(manifest: DocsManifest, catalog: DocsCatalog): string[] {
  const gaps: string[] = [];
  for (const [id, node] of Object.entries(manifest.nodes ?? {})) {
    if (
      !RELATIONAL.has(node.resource_type) ||
      node.config?.enabled === false ||
      node.config?.materialized === 'ephemeral'
    )
      continue;
    if (!catalog.nodes?.[id])
      gaps.push(
        `${node.resource_type} ${node.name}${node.original_file_path ? ` (${node.original_file_path})` : ''}`,
      );
  }
  for (const [id, source] of Object.entries(manifest.sources ?? {})) {
    if (!catalog.sources?.[id]) gaps.push(`source ${source.source_name ?? '?'}.${source.name}`);
  }
  return gaps;
}

/** Counts for the closing line: described relations and their columns. */
export function catalogCounts(catalog: DocsCatalog): { relations: number; columns: number } {
  const entries = [...Object.values(catalog.nodes ?? {}), ...Object.values(catalog.sources ?? {})];
  return {
    relations: entries.length,
    columns: entries.reduce((n, e) => n + Object.keys(e.columns ?? {}).length, 0),
  };
}

/** The project's asset-paths (images the docs reference); dbt copies them into the target folder beside the site. */
export function assetPathsOf(projectDir: string): string[] {
  const config = parseYaml(readFileSync(join(projectDir, 'dbt_project.yml'), 'utf8')) as {
    'asset-paths'?: unknown;
  } | null;
  const paths = config?.['asset-paths'];
  return Array.isArray(paths)
    ? paths.filter((p): p is string => typeof p === 'string' && p !== '' && !p.includes('..'))
    : [];
}

/** The output folder may be emptied: it does not exist, is empty, or holds a previous site. */
export function assertSiteFolder(outputDir: string, shownOutput: string): void {
  if (!existsSync(outputDir)) return;
  const isFolder = statSync(outputDir).isDirectory();
  const entries = isFolder ? readdirSync(outputDir) : [];
  if (!isFolder || (entries.length > 0 && !entries.includes('index.html'))) {
    throw new ExecutorFailure(
      `Option outputPath (${shownOutput}) holds files that are not a docs site; point it at a folder of its own.`,
    );
  }
}

/**
 * Replace outputDir with the site: index.html (dbt's static_index.html, manifest and catalog inlined)
 * plus the asset folders. The folder is emptied first, but only when it holds nothing or a previous site:
 * a misconfigured outputPath must not wipe anything else.
 */
export function placeSite(
  targetDir: string,
  outputDir: string,
  assetPaths: readonly string[],
  shownOutput: string,
): void {
  const staticIndex = join(targetDir, 'static_index.html');
  if (!existsSync(staticIndex))
    throw new ExecutorFailure('dbt docs generate --static wrote no static_index.html; its output is above.');
  assertSiteFolder(outputDir, shownOutput);
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  cpSync(staticIndex, join(outputDir, 'index.html'));
  for (const asset of assetPaths) {
    const from = join(targetDir, asset);
    if (existsSync(from)) cpSync(from, join(outputDir, asset), { recursive: true });
  }
}
