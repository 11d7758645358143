import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One executed node of a dbt invocation (model, test, seed, snapshot, ...). */
export interface DbtNodeResult {
  uniqueId: string;
  /** The first part of the unique id: model, test, seed, snapshot, unit_test, ... */
  resourceType: string;
  /** dbt's status: success, error, fail, warn, skipped, pass, runtime error, no-op, reused. */
  status: string;
  executionSeconds: number;
  /** When execution (else compilation) started, from the node's timing entries. */
  startedAt: Date | null;
  message: string | null;
  /** Rows a test found (tests only). */
  failures: number | null;
}

export interface DbtRunSummary {
  dbtVersion: string;
  generatedAt: Date;
  invocationId: string;
  /** The command line dbt was invoked with, e.g. "dbt build --select ...". */
  command: string;
  elapsedSeconds: number;
  /** How many nodes ended in each status. */
  statusCounts: Record<string, number>;
  /** Problems first (error, fail, runtime error, warn, skipped), then the rest, each by unique id. */
  nodes: DbtNodeResult[];
}

export type DbtRunResults =
  | { state: 'missing'; path: string }
  | { state: 'invalid'; path: string; problem: string }
  | ({ state: 'ok'; path: string } & DbtRunSummary);

const PROBLEM_ORDER = ['error', 'runtime error', 'fail', 'warn', 'skipped'];

/** Whether a status means the node did not do its job (warnings and skips included). */
export function isProblemStatus(status: string): boolean {
  return PROBLEM_ORDER.includes(status);
}

function severity(status: string): number {
  const index = PROBLEM_ORDER.indexOf(status);
  return index === -1 ? PROBLEM_ORDER.length : index;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} is not a string`);
  return value;
}

function requireNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${what} is not a number`);
  return value;
}

function requireDate(value: unknown, what: string): Date {
  const date = new Date(requireString(value, what));
  if (Number.isNaN(date.getTime())) throw new Error(`${what} is not a timestamp`);
  return date;
}

function nodeStart(timing: unknown): Date | null {
  if (!Array.isArray(timing)) return null;
  const entries = timing.filter(isObject);
  const entry = entries.find((t) => t['name'] === 'execute') ?? entries.find((t) => t['name'] === 'compile');
  const started = entry?.['started_at'];
  if (typeof started !== 'string') return null;
  const date = new Date(started);
  return Number.isNaN(date.getTime()) ? null : date;
}

function parseNode(value: unknown, index: number): DbtNodeResult {
  const what = `results[${index}]`;
  if (!isObject(value)) throw new Error(`${what} is not an object`);
  const uniqueId = requireString(value['unique_id'], `${what}.unique_id`);
  const failures = value['failures'];
  const message = value['message'];
  return {
    uniqueId,
    resourceType: uniqueId.split('.')[0] ?? uniqueId,
    status: requireString(value['status'], `${what}.status`),
    executionSeconds: requireNumber(value['execution_time'], `${what}.execution_time`),
    startedAt: nodeStart(value['timing']),
    message: typeof message === 'string' ? message : null,
    failures: typeof failures === 'number' ? failures : null,
  };
}

/** The parts of a dbt run_results.json (schema run-results v6 and its neighbours) the page shows. */
export function parseRunResults(document: unknown): DbtRunSummary {
  if (!isObject(document) || !isObject(document['metadata']) || !Array.isArray(document['results'])) {
    throw new Error('it is not a dbt run_results.json (no metadata and results)');
  }
  const metadata = document['metadata'];
  const schema = requireString(metadata['dbt_schema_version'], 'metadata.dbt_schema_version');
  if (!/\/run-results\/v\d+\.json$/.test(schema))
    throw new Error(`its schema is ${schema}, not dbt run-results`);
  const args = isObject(document['args']) ? document['args'] : {};
  const invocation = args['invocation_command'];
  const which = args['which'];
  const nodes = document['results'].map(parseNode);
  const statusCounts: Record<string, number> = {};
  for (const node of nodes) statusCounts[node.status] = (statusCounts[node.status] ?? 0) + 1;
  nodes.sort((a, b) => severity(a.status) - severity(b.status) || a.uniqueId.localeCompare(b.uniqueId));
  return {
    dbtVersion: requireString(metadata['dbt_version'], 'metadata.dbt_version'),
    generatedAt: requireDate(metadata['generated_at'], 'metadata.generated_at'),
    invocationId: typeof metadata['invocation_id'] === 'string' ? metadata['invocation_id'] : '',
    command: typeof invocation === 'string' ? invocation : typeof which === 'string' ? `dbt ${which}` : 'dbt',
    elapsedSeconds: requireNumber(document['elapsed_time'], 'elapsed_time'),
    statusCounts,
    nodes,
  };
}

/** The latest dbt invocation's results from <targetDir>/run_results.json, or why there are none. */
export async function readRunResults(targetDir: string): Promise<DbtRunResults> {
  // A run-time folder of the dbt project, never part of the app's bundle or its traced files.
  const path = join(/*turbopackIgnore: true*/ targetDir, 'run_results.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing', path };
    return { state: 'invalid', path, problem: `it cannot be read (${(error as Error).message})` };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { state: 'invalid', path, problem: `it is not JSON (${(error as Error).message})` };
  }
  try {
    return { state: 'ok', path, ...parseRunResults(document) };
  } catch (error) {
    return { state: 'invalid', path, problem: (error as Error).message };
  }
}
