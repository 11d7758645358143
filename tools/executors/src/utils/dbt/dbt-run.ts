import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { dbtEnvFromUrl, runProcess, venvBin } from '@atlas/runtime';
import { ExecutorFailure } from '../executor-failure.js';
import { dbtErrorLine } from './dbt-output.js';
import {
  closingLine,
  describeFailedNode,
  formatSummary,
  readManifest,
  readRunResults,
  summarizeRun,
  type RunSummary,
} from './run-results.js';

/** What dbt needs in its environment to reach the run's database through the DBT_PG_* profile. */
export function dbtEnv(databaseUrl: string): Record<string, string> {
  return { ...dbtEnvFromUrl(databaseUrl), DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' };
}

export interface DbtRunOptions {
  /** dbt's arguments after the program name, e.g. ['build', '--project-dir', ...]. */
  args: string[];
  /** Absolute target folder the invocation writes (run_results.json and manifest.json are read there). */
  targetDir: string;
  env: Record<string, string>;
  workspaceRoot: string;
  timeoutMs: number;
  /** The command as the summary names it: "dbt build". */
  command: string;
  /** Read and report run_results.json (default true); commands without node results (docs generate) say no. */
  results?: boolean;
}

/**
 * Run one dbt invocation and turn its outcome into a summary or one ExecutorFailure line:
 * exit 0 → the summary; exit 1 (models or tests failed) → every failing node with its file, then the
 * first one as the error; exit 2 or anything else (dbt itself failed: profile, connection, parse) →
 * the cause dbt printed. A stale run_results.json is removed first so it is never reported.
 */
export async function runDbt(options: DbtRunOptions): Promise<RunSummary> {
  const dbt = venvBin('dbt');
  rmSync(join(options.targetDir, 'run_results.json'), { force: true });
  process.stdout.write(`\n> dbt ${options.args.join(' ')}\n`);
  const result = await runProcess([dbt, ...options.args], {
    cwd: options.workspaceRoot,
    env: options.env,
    timeoutMs: options.timeoutMs,
  });
  if (result.timedOut) {
    throw new ExecutorFailure(
      `${options.command} did not finish within ${options.timeoutMs / 1000} s and was stopped with every process it started; raise timeoutMs or select fewer nodes.`,
    );
  }
  const wantResults = options.results ?? true;
  const runResults =
    wantResults && (result.exitCode === 0 || result.exitCode === 1)
      ? readRunResults(options.targetDir)
      : undefined;
  if (!runResults) {
    const cause = dbtErrorLine(result.output) ?? 'see its output above';
    if (result.exitCode === 0) return { nodes: [], failed: [], elapsedSeconds: 0 };
    throw new ExecutorFailure(
      `${options.command} could not run (dbt exit ${result.exitCode ?? result.signal}${wantResults ? '; no model or test result' : ''}): ${cause}`,
    );
  }
  const summary = summarizeRun(runResults, readManifest(options.targetDir));
  process.stdout.write(`\n${formatSummary(summary, options.command)}\n`);
  if (summary.failed.length > 0 || result.exitCode !== 0) {
    for (const node of summary.failed) process.stderr.write(`  x ${describeFailedNode(node)}\n`);
    if (summary.failed.length === 0) {
      throw new ExecutorFailure(
        `${options.command} failed (dbt exit ${result.exitCode}) with no failing node in run_results.json: ${dbtErrorLine(result.output) ?? 'see its output above'}`,
      );
    }
    throw new ExecutorFailure(closingLine(summary, options.command));
  }
  return summary;
}
