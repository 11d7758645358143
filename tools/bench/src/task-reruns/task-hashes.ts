// Prints, as JSON on stdout, every task of `nx run-many -t <targets>` in the workspace it runs in (its
// cwd) with its hash as Nx's own task hasher computes it, without running anything. Run it in a scratch
// clone: `node --import tsx tools/bench/src/task-reruns/task-hashes.ts lint test build deploy`.
import { createRequire } from 'node:module';
import type { ProjectGraph, TaskGraph } from '@nx/devkit';

const require = createRequire(import.meta.url);
const { createProjectGraphAsync } = require('nx/src/devkit-exports') as {
  createProjectGraphAsync(options?: { exitOnError: boolean }): Promise<ProjectGraph>;
};
const { readNxJson } = require('nx/src/config/nx-json') as { readNxJson(): Record<string, unknown> };
const { createTaskGraph } = require('nx/src/tasks-runner/create-task-graph') as {
  createTaskGraph(
    graph: ProjectGraph,
    extra: Record<string, unknown>,
    projects: string[],
    targets: string[],
    configuration: string | undefined,
    overrides: Record<string, unknown>,
  ): TaskGraph;
};
const { InProcessTaskHasher } = require('nx/src/hasher/task-hasher') as {
  InProcessTaskHasher: new (
    graph: ProjectGraph,
    nxJson: Record<string, unknown>,
    rustReferences: unknown,
    options: unknown,
  ) => {
    hashTasks(tasks: unknown[], graph: TaskGraph, env: NodeJS.ProcessEnv): Promise<Array<{ value: string }>>;
  };
};
const { getFileMap } = require('nx/src/project-graph/build-project-graph') as {
  getFileMap(): { rustReferences: unknown };
};

/** What the comparison needs of one task. */
export interface TaskFacts {
  hash: string;
  /** Executor (nx:noop tasks are compositions that do no work). */
  executor: string;
  cache: boolean;
  outputs: string[];
  /** Tasks this one runs after. */
  dependsOn: string[];
  /** Whether its inputs hash its dependencies' outputs, and transitively. */
  readsOutputs: 'no' | 'direct' | 'transitive';
  /** Which of those output files (the input's glob). */
  outputGlob?: string;
}

const targets = process.argv.slice(2);
const graph = await createProjectGraphAsync({ exitOnError: true });
const projects = Object.keys(graph.nodes).filter((p) =>
  targets.some((t) => graph.nodes[p]?.data.targets?.[t]),
);
const taskGraph = createTaskGraph(graph, {}, projects, targets, undefined, {});
const hasher = new InProcessTaskHasher(graph, readNxJson(), getFileMap().rustReferences, {});
const tasks = Object.values(taskGraph.tasks);
const hashes = await hasher.hashTasks(tasks, taskGraph, process.env);
const facts: Record<string, TaskFacts> = {};
tasks.forEach((task, index) => {
  const config = graph.nodes[task.target.project]?.data.targets?.[task.target.target] ?? {};
  const outputInput = (config.inputs ?? []).find(
    (i): i is { dependentTasksOutputFiles: string; transitive?: boolean } =>
      typeof i === 'object' && 'dependentTasksOutputFiles' in i,
  );
  facts[task.id] = {
    hash: hashes[index]?.value ?? '',
    executor: config.executor ?? 'nx:run-commands',
    cache: config.cache === true,
    outputs: task.outputs,
    dependsOn: taskGraph.dependencies[task.id] ?? [],
    readsOutputs: outputInput ? (outputInput.transitive ? 'transitive' : 'direct') : 'no',
    ...(outputInput && { outputGlob: outputInput.dependentTasksOutputFiles }),
  };
});
process.stdout.write(`${JSON.stringify(facts)}\n`);
