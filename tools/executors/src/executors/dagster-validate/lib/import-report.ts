import { isAbsolute, relative } from 'node:path';

/** A network call the import check refused, with the frame of the location's code that made it. */
export interface NetworkAttempt {
  call: string;
  target: string;
  file: string;
  line: number;
  function: string;
}

export interface ImportError {
  phase: 'import' | 'load';
  type: string;
  message: string;
  file: string | null;
  line: number | null;
  function: string | null;
  traceback: string;
}

export interface DefinitionCounts {
  assets: number;
  jobs: number;
  schedules: number;
  sensors: number;
  asset_keys: string[];
}

/** What import_check.py writes. */
export interface ImportReport {
  module: string;
  network: NetworkAttempt[];
  error: ImportError | null;
  counts: DefinitionCounts | null;
  import_seconds: number;
  load_seconds: number;
  open_connections: string[];
}

function where(workspaceRoot: string, file: string | null, line: number | null, fn: string | null): string {
  if (!file) return 'an unknown place';
  const shown =
    isAbsolute(file) && !relative(workspaceRoot, file).startsWith('..')
      ? relative(workspaceRoot, file)
      : file;
  return `${shown}:${line ?? '?'}${fn ? ` in ${fn}()` : ''}`;
}

/**
 * The import discipline, judged: the first broken rule as one line (what happened, where, what to
 * do), or undefined when importing is clean. Load errors (valid import, invalid definitions) are left
 * to `dagster definitions validate`, which explains them best.
 */
export function judgeImport(
  report: ImportReport,
  budgetSeconds: number,
  workspaceRoot: string,
): string | undefined {
  const { module, error } = report;
  if (error?.phase === 'import') {
    const message = error.message ? `: ${error.message}` : '';
    return (
      `Importing ${module} raises ${error.type}${message} (at ${where(workspaceRoot, error.file, error.line, error.function)}); ` +
      'a code location must import without side effects: fix it, or read the setting inside a resource.'
    );
  }
  const [first, ...more] = report.network;
  if (first) {
    const others = more.length > 0 ? ` (and ${more.length} more)` : '';
    return (
      `Importing ${module} opens a network connection: ${first.call}(${first.target}) at ` +
      `${where(workspaceRoot, first.file, first.line, first.function)}${others}; ` +
      'connect inside a resource or asset when it runs, never at import.'
    );
  }
  if (report.open_connections.length > 0) {
    return (
      `Importing ${module} leaves TCP connections open to ${report.open_connections.join(', ')} ` +
      '(a native driver such as libpq connected at import); connect inside a resource or asset when it runs.'
    );
  }
  if (report.import_seconds > budgetSeconds) {
    return (
      `Importing ${module} took ${report.import_seconds.toFixed(2)} s, over the ${budgetSeconds} s budget; ` +
      'move the expensive work (file parsing, client setup) out of module scope, or raise importBudgetSeconds with a reason.'
    );
  }
  return undefined;
}

/** The load error as one line, for when dagster's own validation did not report one. */
export function describeLoadError(report: ImportReport, workspaceRoot: string): string | undefined {
  const { error } = report;
  if (error?.phase !== 'load') return undefined;
  return `Loading the definitions of ${report.module} fails with ${error.type}: ${error.message} (at ${where(workspaceRoot, error.file, error.line, error.function)}).`;
}

export function summarize(report: ImportReport, budgetSeconds: number): string {
  const c = report.counts;
  const counts = c
    ? `${c.assets} assets, ${c.jobs} jobs, ${c.schedules} schedules, ${c.sensors} sensors`
    : 'no definitions loaded';
  return `${report.module}: ${counts}; import ${report.import_seconds.toFixed(2)} s (budget ${budgetSeconds} s), definitions loaded in ${report.load_seconds.toFixed(2)} s.`;
}
