import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@atlas/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstCommit, plannedRun, type PlannedRun } from './task-graph.js';

/** The gates the issue of the pipeline names, beside the typecheck of every TypeScript project. */
const NAMED_GATES = [
  'dbt-project:dbt-build',
  'atlas-data:dagster-validate',
  'atlas-data:grpc-smoke',
  'atlas-data:e2e',
  'website:e2e',
];

/** Projects with TypeScript of their own: a tsconfig.json at their root. */
const typescriptProjects = (run: PlannedRun) =>
  [...run.projects]
    .filter(([, root]) => existsSync(join(workspaceRoot, root, 'tsconfig.json')))
    .map(([n]) => n);

describe.each([
  // CI's command on a change to every project (everything since the first commit).
  [
    'nx affected -t lint test build deploy',
    ['affected', '-t', 'lint,test,build,deploy', '--base=<first commit>', '--head=HEAD'],
  ],
  // The README's test command (npm test).
  ['nx run-many -t lint test build', ['run-many', '-t', 'lint,test,build']],
])('the task graph of `%s`', (_command, args) => {
  let run: PlannedRun;
  beforeAll(async () => {
    const base = await firstCommit(workspaceRoot);
    run = await plannedRun(
      workspaceRoot,
      args.map((a) => a.replace('<first commit>', base)),
    );
  });

  it('covers every project', () => {
    expect([...run.projects.keys()].filter((p) => !run.tasks.some((t) => t.startsWith(`${p}:`)))).toEqual([]);
  });

  it('holds the typecheck of every TypeScript project', () => {
    const projects = typescriptProjects(run);
    expect(projects.length).toBeGreaterThan(5);
    expect(projects.map((p) => `${p}:typecheck`).filter((t) => !run.tasks.includes(t))).toEqual([]);
  });

  it("holds the dbt build, the code location's checks and end-to-end run, and the site's browser tests", () => {
    expect(NAMED_GATES.filter((t) => !run.tasks.includes(t))).toEqual([]);
  });

  it('lints and formats every project', () => {
    const missing = [...run.projects.keys()].filter((p) => !run.tasks.includes(`${p}:format`));
    expect(missing).toEqual([]);
  });
});
