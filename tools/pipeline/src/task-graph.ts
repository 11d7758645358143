import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedNxEnv, nxArgv, runProcess } from '@atlas/runtime';

/** What `nx ... --graph=<file>` says a command would run. */
export interface PlannedRun {
  /** Task ids (`project:target`) the command runs, dependencies included. */
  tasks: string[];
  /** Every project of the graph, by name, with its root. */
  projects: Map<string, string>;
}

/**
 * The repository's first commit: `affected` from it counts every project changed since (all of them,
 * which the gates spec checks), without naming thousands of files on a command line.
 */
export async function firstCommit(root: string): Promise<string> {
  const listed = await runProcess(['git', 'rev-list', '--max-parents=0', 'HEAD'], { cwd: root, echo: false });
  const commit = listed.output.trim().split('\n').at(-1) ?? '';
  if (listed.exitCode !== 0 || !/^[0-9a-f]{40}$/.test(commit))
    throw new Error(
      `git rev-list --max-parents=0 HEAD failed in ${root}: ${listed.output.trim()} (a shallow clone?)`,
    );
  return commit;
}

/**
 * The tasks an nx command would run, read from its task graph (`--graph=<file>`, the same graph
 * `--graph=stdout` prints), without running them.
 */
export async function plannedRun(root: string, args: string[]): Promise<PlannedRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-pipeline-graph-'));
  try {
    const file = join(scratch, 'graph.json');
    const result = await runProcess(nxArgv([...args, `--graph=${file}`]), {
      cwd: root,
      env: isolatedNxEnv(join(scratch, 'nx')),
      echo: false,
      timeoutMs: 300_000,
    });
    if (result.exitCode !== 0 || !existsSync(file))
      throw new Error(
        `nx ${args.join(' ')} --graph: exit ${result.exitCode}: ${result.output.trim().split('\n').slice(-3).join(' | ')}`,
      );
    const graph = JSON.parse(readFileSync(file, 'utf8')) as {
      graph: { nodes: Record<string, { data: { root: string } }> };
      tasks: { tasks: Record<string, unknown> };
    };
    return {
      tasks: Object.keys(graph.tasks.tasks).sort(),
      projects: new Map(Object.entries(graph.graph.nodes).map(([name, node]) => [name, node.data.root])),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
