import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of dbt's target/run_results.json (schema v6) this package reads. */
export interface RunResults {
  elapsed_time: number;
  results: Array<{
    unique_id: string;
    status: string;
    execution_time: number;
    message: string | null;
    failures: number | null;
  }>;
}

/** The parts of dbt's target/manifest.json used to name a node and its file. */
export interface ManifestIndex {
  nodes?: Record<string, ManifestNode>;
  sources?: Record<string, ManifestNode>;
  unit_tests?: Record<string, ManifestNode>;
}

interface ManifestNode {
  resource_type: string;
  name: string;
  original_file_path: string;
}

export interface NodeOutcome {
  uniqueId: string;
  resourceType: string;
  name: string;
  /** Path of the file that defines the node, relative to the dbt project. */
  file: string | undefined;
  status: string;
  seconds: number;
  /** The first line of dbt's message that says what went wrong (failed nodes only). */
  reason?: string;
}

export interface RunSummary {
  nodes: NodeOutcome[];
  failed: NodeOutcome[];
  elapsedSeconds: number;
}

/** Statuses that make a dbt run fail; everything else (success, pass, warn, skipped, no-op, reused) does not. */
const FAILED = new Set(['error', 'fail', 'runtime error']);

function readJson<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

export function readRunResults(targetDir: string): RunResults | undefined {
  return readJson<RunResults>(join(targetDir, 'run_results.json'));
}

export function readManifest(targetDir: string): ManifestIndex | undefined {
  return readJson<ManifestIndex>(join(targetDir, 'manifest.json'));
}

/**
 * The line of a dbt result message that states the cause. Database errors open with a header such as
 * `Database Error in model x (models/x.sql)` and end with `compiled code at ...`; both are noise here.
 */
export function reasonOf(message: string | null): string | undefined {
  const lines = (message ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) => line !== '' && !/^\w[\w ]* Error in \w+ /.test(line) && !line.startsWith('compiled code at'),
    );
  return lines[0];
}

export function summarizeRun(runResults: RunResults, manifest: ManifestIndex | undefined): RunSummary {
  const lookup = (id: string) =>
    manifest?.nodes?.[id] ?? manifest?.unit_tests?.[id] ?? manifest?.sources?.[id];
  const nodes = runResults.results.map((result): NodeOutcome => {
    const node = lookup(result.unique_id);
    const outcome: NodeOutcome = {
      uniqueId: result.unique_id,
      resourceType: node?.resource_type ?? result.unique_id.split('.')[0] ?? 'node',
      name: node?.name ?? result.unique_id.split('.').slice(2).join('.'),
      file: node?.original_file_path,
      status: result.status,
      seconds: result.execution_time,
    };
    if (FAILED.has(result.status)) outcome.reason = reasonOf(result.message) ?? `status ${result.status}`;
    return outcome;
  });
  return {
    nodes,
    failed: nodes.filter((n) => FAILED.has(n.status)),
    elapsedSeconds: runResults.elapsed_time,
  };
}

/** Good news first, then problems, then what did not run; unknown statuses last. */
const STATUS_ORDER = [
  'success',
  'pass',
  'reused',
  'no-op',
  'warn',
  'error',
  'fail',
  'runtime error',
  'skipped',
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `model stg_things (models/stg_things.sql): syntax error at or near "selec"` */
export function describeFailedNode(node: NodeOutcome): string {
  const type = node.resourceType.replace('_', ' ');
  return `${type} ${node.name}${node.file ? ` (${node.file})` : ''}: ${node.reason ?? node.status}`;
}

/**
 * A table of counts by resource type and status, then the slowest nodes:
 *
 *   dbt build: 5 nodes in 0.7 s
 *              success  pass
 *     model          3     -
 *     test           -     2
 */
export function formatSummary(summary: RunSummary, command: string, slowest = 5): string {
  const rank = (status: string) =>
    (STATUS_ORDER.indexOf(status) + STATUS_ORDER.length + 1) % (STATUS_ORDER.length + 1);
  const statuses = [...new Set(summary.nodes.map((n) => n.status))].sort((a, b) => rank(a) - rank(b));
  const types = [...new Set(summary.nodes.map((n) => n.resourceType))];
  const count = (type: string, status: string) =>
    summary.nodes.filter((n) => n.resourceType === type && n.status === status).length;
  const firstWidth = Math.max(...types.map((t) => t.length), 4);
  const cell = (text: string, width: number) => text.padStart(width);
  const lines = [
    `${command}: ${plural(summary.nodes.length, 'node')} in ${summary.elapsedSeconds.toFixed(1)} s`,
  ];
  if (summary.nodes.length === 0) return lines.join('\n');
  lines.push(`  ${''.padEnd(firstWidth)}${statuses.map((s) => `  ${s}`).join('')}`);
  for (const type of types) {
    lines.push(
      `  ${type.padEnd(firstWidth)}${statuses.map((s) => `  ${cell(String(count(type, s) || '-'), s.length)}`).join('')}`,
    );
  }
  const timed = summary.nodes
    .filter((n) => n.seconds > 0)
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, slowest);
  if (timed.length > 0) {
    lines.push('  slowest:');
    for (const node of timed)
      lines.push(`  ${node.seconds.toFixed(2).padStart(8)} s  ${node.resourceType} ${node.name}`);
  }
  return lines.join('\n');
}

/** The last line of a run: what passed, or which node failed first and why. */
export function closingLine(summary: RunSummary, command: string): string {
  const byType = new Map<string, number>();
  for (const node of summary.nodes) byType.set(node.resourceType, (byType.get(node.resourceType) ?? 0) + 1);
  const composition = [...byType].map(([type, n]) => plural(n, type.replace('_', ' '))).join(', ');
  const [first, ...others] = summary.failed;
  if (!first)
    return `${command} passed: ${plural(summary.nodes.length, 'node')}${composition ? ` (${composition})` : ''} in ${summary.elapsedSeconds.toFixed(1)} s.`;
  const more =
    others.length > 0
      ? ` (and ${others.length} more failed node${others.length === 1 ? '' : 's'}, listed above)`
      : '';
  return `${command} failed: ${describeFailedNode(first)}${more}.`;
}
