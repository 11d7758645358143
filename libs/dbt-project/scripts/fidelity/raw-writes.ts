/**
 * Data-fidelity gate: no dbt object writes to raw.*. raw is the ingest's: each table holds a
 * payload as its publisher sent it, replaced whole by each load. A model, seed or snapshot built in
 * schema raw, or a hook or operation that changes a raw relation, would make the figures dbt
 * serves differ from what was published. Checked on the parsed project (manifest.json): the schema
 * of everything dbt builds, the hooks of every node, and the project's macros (run-operations).
 */

interface ManifestNode {
  resource_type?: string;
  schema?: string;
  alias?: string;
  name?: string;
  original_file_path?: string;
  config?: {
    pre_hook?: { sql?: string }[];
    post_hook?: { sql?: string }[];
    'pre-hook'?: { sql?: string }[];
    'post-hook'?: { sql?: string }[];
  };
}

export interface Manifest {
  nodes?: Record<string, ManifestNode>;
  macros?: Record<
    string,
    { name?: string; original_file_path?: string; macro_sql?: string; package_name?: string }
  >;
  metadata?: { project_name?: string };
}

const BUILT = new Set(['model', 'seed', 'snapshot']);
/** A statement that changes a relation of schema raw (quoted or not). */
const WRITES_RAW =
  /\b(insert\s+into|update|delete\s+from|truncate(\s+table)?|alter\s+table|drop\s+table|create\s+(or\s+replace\s+)?(table|view)|copy|merge\s+into)\s+("?raw"?\s*\.)/i;

/** One line per dbt object that writes to raw; empty when none does. */
export function rawWrites(manifest: Manifest): string[] {
  const problems: string[] = [];
  const project = manifest.metadata?.project_name;
  for (const [id, node] of Object.entries(manifest.nodes ?? {})) {
    const where = node.original_file_path ?? id;
    if (BUILT.has(node.resource_type ?? '') && node.schema?.toLowerCase() === 'raw') {
      problems.push(
        `${id} (${where}) is built as raw.${node.alias ?? node.name}: raw.* belongs to the ingest; give it another schema.`,
      );
    }
    const hooks = [
      ...(node.config?.pre_hook ?? node.config?.['pre-hook'] ?? []),
      ...(node.config?.post_hook ?? node.config?.['post-hook'] ?? []),
    ];
    for (const hook of hooks)
      if (hook.sql && WRITES_RAW.test(hook.sql))
        problems.push(
          `${id} (${where}) has a hook that writes to raw: ${hook.sql.replace(/\s+/g, ' ').trim()}`,
        );
  }
  for (const [id, macro] of Object.entries(manifest.macros ?? {})) {
    if (project && macro.package_name !== project) continue;
    if (macro.macro_sql && WRITES_RAW.test(macro.macro_sql))
      problems.push(`${id} (${macro.original_file_path ?? id}) writes to raw.`);
  }
  return problems;
}
