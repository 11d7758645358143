import type { TaskFacts } from './task-hashes.js';

/** What a scenario expects: the tasks that read the change and must rerun, and the few that may. */
export interface Expectation {
  mustRerun: readonly string[];
  mayRerun?: readonly string[];
}

/** A task id pattern: `project:target`, where `*` matches any run of characters. */
const matcher = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);
const matchesAny = (id: string, patterns: readonly string[]) => patterns.some((p) => matcher(p).test(id));

/** Tasks that do work and whose result Nx caches: what a rerun costs. Compositions (nx:noop) and uncached tasks are left out. */
export function measured(facts: Record<string, TaskFacts>): string[] {
  return Object.entries(facts)
    .filter(([, f]) => f.cache && f.executor !== 'nx:noop')
    .map(([id]) => id)
    .sort();
}

/**
 * The tasks a change reruns: those whose hash changed, plus those whose inputs hash the outputs of a
 * rerun dependency, unless the output files it hashes (its input's glob) were found identical after
 * running that dependency (`outputsChanged` answers false), in dependency order.
 */
export function reruns(
  before: Record<string, TaskFacts>,
  after: Record<string, TaskFacts>,
  outputsChanged: (task: string, glob: string) => boolean | undefined = () => undefined,
): Set<string> {
  const rerun = new Set<string>();
  const ids = measured(after);
  for (const id of ids) if (before[id]?.hash !== after[id]?.hash) rerun.add(id);
  const upstream = (id: string, transitive: boolean, seen = new Set<string>()): string[] => {
    for (const dep of after[id]?.dependsOn ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      if (transitive) upstream(dep, true, seen);
    }
    return [...seen];
  };
  // Propagate until nothing changes: outputs flow along dependsOn.
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of ids) {
      const facts = after[id];
      if (!facts || rerun.has(id) || facts.readsOutputs === 'no') continue;
      const deps = upstream(id, facts.readsOutputs === 'transitive');
      const fed = deps.some(
        (dep) =>
          rerun.has(dep) &&
          (after[dep]?.outputs.length ?? 0) > 0 &&
          outputsChanged(dep, facts.outputGlob ?? '**/*') !== false,
      );
      if (fed) {
        rerun.add(id);
        changed = true;
      }
    }
  }
  return rerun;
}

export interface Verdict {
  rerun: string[];
  missed: string[];
  extra: string[];
}

/** Missed: must rerun and does not; extra: reruns though nothing it reads changed (neither must nor may). */
export function judge(rerun: Set<string>, expectation: Expectation, universe: readonly string[]): Verdict {
  const must = universe.filter((id) => matchesAny(id, expectation.mustRerun));
  const unmatched = expectation.mustRerun.filter((p) => !universe.some((id) => matcher(p).test(id)));
  if (unmatched.length > 0)
    throw new Error(`the expectation names tasks that do not exist: ${unmatched.join(', ')}`);
  const may = expectation.mayRerun ?? [];
  return {
    rerun: [...rerun].sort(),
    missed: must.filter((id) => !rerun.has(id)),
    extra: [...rerun].filter((id) => !matchesAny(id, expectation.mustRerun) && !matchesAny(id, may)).sort(),
  };
}
