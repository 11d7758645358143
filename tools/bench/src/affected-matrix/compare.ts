/** How the selection of `nx affected` compares with the set that should run. */
export interface Comparison {
  missing: string[];
  extra: string[];
  ok: boolean;
}

export function compareSets(selected: Iterable<string>, expected: Iterable<string>): Comparison {
  const got = new Set(selected);
  const want = new Set(expected);
  const missing = [...want].filter((p) => !got.has(p)).sort();
  const extra = [...got].filter((p) => !want.has(p)).sort();
  return { missing, extra, ok: missing.length === 0 && extra.length === 0 };
}

/** The tasks that should run: every listed target the expected projects have. */
export function expectedTasks(
  expectedProjects: Iterable<string>,
  targetsByProject: Record<string, readonly string[]>,
  targets: readonly string[],
): string[] {
  const tasks: string[] = [];
  for (const project of expectedProjects) {
    for (const target of targetsByProject[project] ?? [])
      if (targets.includes(target)) tasks.push(`${project}:${target}`);
  }
  return tasks.sort();
}

/** Task ids (`project:target`) of the task graph `nx affected --graph=<file>.json` writes. */
export function tasksOfTaskGraph(graph: unknown): string[] {
  const tasks = (graph as { tasks?: { tasks?: Record<string, unknown> } }).tasks?.tasks;
  if (!tasks) throw new Error('the graph file has no tasks.tasks: did nx write a task graph (-t given)?');
  return Object.keys(tasks).sort();
}
