import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneWorkspace } from '../scratch-clone.js';
import { nxOk } from '../nx-in-clone.js';
import { compareSets, expectedTasks, tasksOfTaskGraph } from './compare.js';
import { SCENARIOS } from './scenarios.js';

/** The targets CI runs (`nx affected -t lint test build deploy`) plus the ones `npm test` adds. */
const TARGETS = ['lint', 'typecheck', 'test', 'e2e', 'build', 'deploy'] as const;

interface ProjectGraphFile {
  graph: { nodes: Record<string, { data: { targets?: Record<string, unknown> } }> };
}

const clone = await cloneWorkspace('affected');
let failures = 0;
try {
  const base = (await clone.git(['rev-parse', 'HEAD'])).trim();
  const graphFile = join(clone.root, '.nx', 'bench-graph.json');
  await nxOk(clone.root, ['graph', `--file=${graphFile}`]);
  const { nodes } = (JSON.parse(readFileSync(graphFile, 'utf8')) as ProjectGraphFile).graph;
  const targetsByProject = Object.fromEntries(
    Object.entries(nodes).map(([name, node]) => [name, Object.keys(node.data.targets ?? {})]),
  );

  console.log(
    `affected matrix on ${base.slice(0, 12)}: ${SCENARIOS.length} changes, targets ${TARGETS.join(' ')}\n`,
  );
  for (const scenario of SCENARIOS) {
    await clone.git(['reset', '-q', '--hard', base]);
    let files: string[];
    try {
      files = scenario.apply(clone.root);
    } catch (error) {
      failures += 1;
      console.log(`ERR ${scenario.id.padEnd(22)} ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    await clone.git(['commit', '-q', '-a', '-m', `affected-matrix: ${scenario.id}`]);
    const range = ['--base=HEAD~1', '--head=HEAD'];
    const projects = JSON.parse(
      await nxOk(clone.root, ['show', 'projects', '--affected', ...range, '--json']),
    ) as string[];
    const taskFile = join(clone.root, '.nx', `bench-${scenario.id}.json`);
    await nxOk(clone.root, ['affected', '-t', ...TARGETS, ...range, `--graph=${taskFile}`]);
    const taskGraph = tasksOfTaskGraph(JSON.parse(readFileSync(taskFile, 'utf8')));
    // Prerequisites pulled in by dependsOn (the Python env, a dbt build before a site build) are
    // listed apart: they run because a selected task needs them, not because the change selected them.
    const requested = (task: string) =>
      (TARGETS as readonly string[]).includes(task.slice(task.lastIndexOf(':') + 1));
    const tasks = taskGraph.filter(requested);
    const prerequisites = taskGraph.filter((t) => !requested(t));

    const byProject = compareSets(projects, scenario.expected);
    const byTask = compareSets(tasks, expectedTasks(scenario.expected, targetsByProject, TARGETS));
    const ok = byProject.ok && byTask.ok;
    if (!ok) failures += 1;
    console.log(`${ok ? 'ok ' : 'BAD'} ${scenario.id.padEnd(22)} ${scenario.change} (${files.join(', ')})`);
    console.log(
      `    selected ${projects.length} projects, ${tasks.length} tasks: ${[...projects].sort().join(' ')}`,
    );
    console.log(
      `    should   ${scenario.expected.length} projects: ${[...scenario.expected].sort().join(' ')}`,
    );
    if (prerequisites.length) console.log(`    prerequisites: ${prerequisites.join(' ')}`);
    if (byProject.missing.length) console.log(`    MISSED projects: ${byProject.missing.join(' ')}`);
    if (byProject.extra.length) console.log(`    EXTRA projects:  ${byProject.extra.join(' ')}`);
    if (byTask.missing.length) console.log(`    MISSED tasks: ${byTask.missing.join(' ')}`);
    if (byTask.extra.length) console.log(`    EXTRA tasks:  ${byTask.extra.join(' ')}`);
  }
  console.log(
    `\n${SCENARIOS.length - failures}/${SCENARIOS.length} scenarios select exactly the projects and tasks that should run.`,
  );
} finally {
  clone.remove();
}
if (failures > 0) {
  console.error(
    `affected-matrix: ${failures} scenario(s) select a wrong set of tasks; see the MISSED/EXTRA lines above.`,
  );
  process.exitCode = 1;
}
