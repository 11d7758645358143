// The task-level rerun benchmark: for each ordinary change, which tasks of `nx run-many -t lint test
// build deploy` get a new hash (Nx's own task hasher, nothing run), compared with the tasks that really
// read the change. A task whose inputs hash a dependency's outputs reruns when that dependency reruns
// and its outputs change: the dbt tasks whose outputs others read are run for real to find out.
// Prints one line per scenario and the totals; exits 1 when a task that must rerun does not.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cloneWorkspace, runNx } from '@atlas/runtime';
import { outputDigest, taskHashes } from './clone-tasks.js';
import { judge, measured, reruns } from './compare.js';
import { SCENARIOS } from './scenarios.js';
import type { TaskFacts } from './task-hashes.js';

const TARGETS = ['lint', 'test', 'build', 'deploy'];
/** Tasks whose outputs other tasks hash; run for real when a change reruns them. */
const RUN_FOR_REAL = ['dbt-project:dbt-build', 'dbt-project:dbt-docs'];

const only = process.env['BENCH_SCENARIOS']?.split(',').filter(Boolean);
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const clone = await cloneWorkspace('task-reruns', 'workspace');
  try {
    const hashes = () => taskHashes(clone.root, TARGETS);
    const runForReal = async (task: string): Promise<void> => {
      const result = await runNx(
        clone.root,
        ['run', task, '--skip-nx-cache', '--exclude-task-dependencies', '--output-style=stream'],
        { timeoutMs: 900_000, env: { ATLAS_DBT_REFERENCE: undefined, ATLAS_DATABASE_URL: undefined } },
      );
      if (result.exitCode !== 0)
        throw new Error(
          `${task} failed in the clone:\n${result.output
            .split('\n')
            .filter((l) => l.trim() && !/^\s+at /.test(l))
            .slice(0, 40)
            .join('\n')}`,
        );
    };

    say('Baseline: the dbt tasks whose outputs others read, run once...');
    for (const task of RUN_FOR_REAL) await runForReal(task);
    const baseline = await hashes();
    const globs = [...new Set(Object.values(baseline).map((f) => f.outputGlob ?? '**/*'))];
    const digestsOf = (task: string) =>
      new Map(globs.map((g) => [g, outputDigest(clone.root, baseline[task] as TaskFacts, g)]));
    const baselineDigest = new Map(RUN_FOR_REAL.map((t) => [t, digestsOf(t)]));
    const saved = join(clone.root, '..', 'baseline-outputs');
    for (const task of RUN_FOR_REAL)
      for (const output of baseline[task]?.outputs ?? [])
        cpSync(join(clone.root, output), join(saved, output), { recursive: true });

    const universe = measured(baseline);
    const rows: string[] = [];
    let totalRerun = 0;
    let totalMissed = 0;
    let totalExtra = 0;
    for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.id))) {
      scenario.apply(clone.root);
      const after = await hashes();
      const changed = new Set(universe.filter((id) => baseline[id]?.hash !== after[id]?.hash));
      const digests = new Map<string, Map<string, boolean>>();
      for (const task of RUN_FOR_REAL.filter((t) => changed.has(t))) {
        await runForReal(task);
        const now = digestsOf(task);
        digests.set(task, new Map([...now].map(([g, d]) => [g, d !== baselineDigest.get(task)?.get(g)])));
      }
      const rerun = reruns(baseline, after, (task, glob) => digests.get(task)?.get(glob));
      const verdict = judge(rerun, scenario, universe);
      totalRerun += verdict.rerun.length;
      totalMissed += verdict.missed.length;
      totalExtra += verdict.extra.length;
      const outputs = [...digests]
        .map(
          ([t, byGlob]) =>
            `${t.split(':')[1]} outputs: ${[...byGlob].map(([g, c]) => `${g} ${c ? 'changed' : 'identical'}`).join(', ')}`,
        )
        .join('; ');
      rows.push(
        `${scenario.id.padEnd(26)} ${String(verdict.rerun.length).padStart(3)} rerun  ${String(verdict.missed.length).padStart(2)} missed  ${String(verdict.extra.length).padStart(2)} extra` +
          `${verdict.missed.length ? `  MISSED ${verdict.missed.join(' ')}` : ''}${verdict.extra.length ? `  EXTRA ${verdict.extra.join(' ')}` : ''}${outputs ? `  (${outputs})` : ''}`,
      );
      say(rows.at(-1) as string);
      // Back to the committed tree and the baseline outputs for the next change.
      await clone.git(['checkout', '-q', '--', '.']);
      await clone.git(['clean', '-fdq', '--exclude=.venv']);
      for (const task of digests.keys())
        for (const output of baseline[task]?.outputs ?? []) {
          rmSync(join(clone.root, output), { recursive: true, force: true });
          cpSync(join(saved, output), join(clone.root, output), { recursive: true });
        }
    }
    const share = totalRerun === 0 ? 0 : (100 * totalExtra) / totalRerun;
    say('');
    say(
      `${universe.length} cacheable tasks; ${rows.length} changes; ${totalRerun} reruns in all: ${totalMissed} missed, ${totalExtra} extra (${share.toFixed(1)}% of all reruns).`,
    );
    if (totalMissed > 0) process.exitCode = 1;
  } finally {
    // The baseline outputs are beside the clone, in the folder this removes.
    clone.remove();
  }
}

await main();
