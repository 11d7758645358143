import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutorFailure } from '../../../utils/executor-failure.js';

type Entry = { database?: unknown; relation_name?: unknown };
type Manifest = { nodes?: Record<string, Entry>; sources?: Record<string, Entry> };

/**
 * The reference manifest as if it had been built on this run's database.
 *
 * Every dbt-build run uses a throwaway database with a fresh name, and a source's database is the
 * profile's (dbt compares the rendered name unless the project sets
 * state_modified_compare_more_unrendered_values), so every source, and with `+` everything, would
 * count as modified. The name differs by construction, not by change; moving the reference onto this
 * run's database also makes --defer resolve unselected nodes to relations this run can reach
 * (PostgreSQL cannot query across databases).
 */
export function rebaseManifest(manifest: Manifest, database: string): Manifest {
  const quoted = `"${database.replaceAll('"', '""')}"`;
  for (const entry of [...Object.values(manifest.nodes ?? {}), ...Object.values(manifest.sources ?? {})]) {
    if (typeof entry.database !== 'string') continue;
    const old = `"${entry.database.replaceAll('"', '""')}".`;
    entry.database = database;
    if (typeof entry.relation_name === 'string' && entry.relation_name.startsWith(old)) {
      entry.relation_name = `${quoted}.${entry.relation_name.slice(old.length)}`;
    }
  }
  return manifest;
}

/** Write the rebased reference manifest into stateDir (a private folder: the reference may be the target folder this run rewrites). */
export function writeReferenceState(manifestFile: string, stateDir: string, database: string): void {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch (error) {
    throw new ExecutorFailure(
      `Option state: ${manifestFile} is not a readable dbt manifest (${(error as Error).message}); point it at the manifest.json of a full build.`,
    );
  }
  if (typeof manifest !== 'object' || manifest === null || typeof manifest.nodes !== 'object') {
    throw new ExecutorFailure(
      `Option state: ${manifestFile} has no "nodes"; point it at the manifest.json of a full build.`,
    );
  }
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, 'manifest.json'), JSON.stringify(rebaseManifest(manifest, database)));
}
