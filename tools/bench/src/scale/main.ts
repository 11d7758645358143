// The scale benchmark: the workspace as it is (6 sources) and grown with the source generator to 40
// sources (BENCH_SCALES to change), each in a scratch clone, measured the same way: the project
// graph, `nx affected` with no change, the code location's load and what it serves, grpc-smoke, a
// full and a slim dbt build after one source's staging model changed, and the tasks one source's
// change reruns (Nx's own task hasher). Prints each figure next to the one at 6 sources. Asserts
// nothing: it is a measurement.
//
//   npx nx run bench:scale
//   BENCH_SCALES=6,40 BENCH_RUNS=5 BENCH_PLUGIN_PATCH=<file.patch> node --import tsx tools/bench/src/scale/main.ts
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runProcess } from '@atlas/runtime';
import { runNx } from '../nx-in-clone.js';
import { cloneWorkspace, type ScratchClone } from '../scratch-clone.js';
import { reruns } from '../task-reruns/compare.js';
import { touch } from '../task-reruns/scenarios.js';
import type { TaskFacts } from '../task-reruns/task-hashes.js';
import { benchSource } from './bench-sources.js';
import { outputDigest, taskHashes } from './clone-tasks.js';
import { formatTable, type Figure } from './report.js';

const SCALES = (process.env['BENCH_SCALES'] ?? '6,40').split(',').map(Number);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const PATCH = process.env['BENCH_PLUGIN_PATCH'] ? resolve(process.env['BENCH_PLUGIN_PATCH']) : undefined;
const TARGETS = ['lint', 'test', 'build', 'deploy'];
/** Tasks whose outputs other tasks hash: run for real to see whether a change alters them. */
const RUN_FOR_REAL = ['dbt-project:dbt-build', 'dbt-project:dbt-docs'];
/** Inherited settings that would change what is measured. */
const CLEAN_ENV = {
  NX_ISOLATE_PLUGINS: 'false',
  ATLAS_DBT_REFERENCE: undefined,
  ATLAS_DATABASE_URL: undefined,
};

const say = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const seconds = (ms: number) => ms / 1000;

/** One source and the three files a change to it touches. */
interface ChangedSource {
  id: string;
  table: string;
  parser: string;
  fixture: string;
}

/** The hand-written source measured at every scale, and at 40 a generated one in the middle. */
function changedSources(sources: number): ChangedSource[] {
  const fhi: ChangedSource = {
    id: 'fhi-life-expectancy',
    table: 'fhi_life_expectancy',
    parser: 'libs/atlas-data-ingest/src/catalogue/sources/fhi-life-expectancy/fhi-life-expectancy.ts',
    fixture: 'libs/atlas-data-ingest/fixtures/fhi-life-expectancy/life-expectancy.json',
  };
  if (sources <= 6) return [fhi];
  const n = Math.min(sources, 20);
  const generated = benchSource(n);
  const id = generated['id'] as string;
  const file = { 'json-stat': 'data.json', csv: 'data.csv', 'paged-json': 'page-0.json' }[
    generated['format'] as string
  ];
  return [
    fhi,
    {
      id,
      table: id.replaceAll('-', '_'),
      parser: `libs/atlas-data-ingest/src/catalogue/sources/${id}/${id}.ts`,
      fixture: `libs/atlas-data-ingest/fixtures/${id}/${file}`,
    },
  ];
}

interface Scale {
  sources: number;
  figures: Map<string, Figure>;
  /** Per change: the tasks it reruns. */
  reruns: Map<string, string[]>;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

async function nxOk(
  clone: ScratchClone,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<string> {
  const result = await runNx(clone.root, args, { env: { ...CLEAN_ENV, ...env }, timeoutMs: 1_800_000 });
  if (result.exitCode !== 0)
    throw new Error(
      `nx ${args.join(' ')} failed in the clone:\n${result.output
        .split('\n')
        .filter((l) => l.trim() && !/^\s+at /.test(l))
        .slice(-40)
        .join('\n')}`,
    );
  return result.output;
}

/** The summary line dbt-build prints ("full build in 31.6 s (...)"), and the nodes its run_results hold. */
function dbtRun(clone: ScratchClone, output: string): { summary: string; nodes: number } {
  const summary = output.split('\n').findLast((l) => /dbt-build: (full|slim) build in/.test(l)) ?? '';
  const results = JSON.parse(
    readFileSync(join(clone.root, 'libs/dbt-project/target/nx-build/run_results.json'), 'utf8'),
  ) as { results: { status: string }[] };
  return {
    summary: summary.replace(/^.*dbt-build: /, ''),
    nodes: results.results.filter((r) => r.status !== 'skipped').length,
  };
}

/** The code location loaded in a fresh Python as Dagster loads it: the import, then the Definitions. */
const LOAD_SCRIPT = `
import json, time
start = time.perf_counter()
import atlas_data.definitions as location
imported = time.perf_counter()
definitions = location.defs()
keys = definitions.resolve_asset_graph().get_all_asset_keys()
loaded = time.perf_counter()
print(json.dumps({"import": imported - start, "definitions": loaded - imported, "assets": len(keys)}))
`;

async function codeLocationLoad(
  clone: ScratchClone,
): Promise<{ import: number; definitions: number; assets: number }> {
  const result = await runProcess([join(clone.root, '.venv/bin/python'), '-c', LOAD_SCRIPT], {
    cwd: join(clone.root, 'apps/atlas-data'),
    env: { ATLAS_DBT_TARGET_PATH: 'target/nx-build', PYTHONDONTWRITEBYTECODE: '1', DAGSTER_HOME: undefined },
    echo: false,
    timeoutMs: 300_000,
  });
  const line = result.output
    .trim()
    .split('\n')
    .findLast((l) => l.startsWith('{'));
  if (result.exitCode !== 0 || !line)
    throw new Error(`loading the code location failed: ${result.output.trim().slice(-500)}`);
  return JSON.parse(line) as { import: number; definitions: number; assets: number };
}

async function measureScale(sources: number): Promise<Scale> {
  const figures = new Map<string, Figure>();
  const rerunLists = new Map<string, string[]>();
  const put = (key: string, value: number, unit: Figure['unit'], note = '') => {
    figures.set(key, { value, unit, note });
    say(`  ${key}: ${unit === 's' ? `${value.toFixed(2)} s` : value}${note ? ` (${note})` : ''}`);
  };
  say(`\n== ${sources} sources ==`);
  const clone = await cloneWorkspace(`scale-${sources}`, 'workspace');
  try {
    const base = JSON.parse(
      readFileSync(join(clone.root, 'libs/atlas-data-ingest/src/catalogue/sources.json'), 'utf8'),
    ) as {
      sources: unknown[];
    };
    if (sources > base.sources.length) {
      const [grown, ms] = await timed(() =>
        runProcess([process.execPath, '--import', 'tsx', 'tools/bench/src/scale/grow.ts', String(sources)], {
          cwd: clone.root,
          echo: false,
          timeoutMs: 900_000,
        }),
      );
      if (grown.exitCode !== 0) throw new Error(`grow.ts failed: ${grown.output.trim().slice(-800)}`);
      say(
        `  generated ${sources - base.sources.length} sources with the source generator in ${seconds(ms).toFixed(1)} s`,
      );
      await clone.git(['add', '-A']);
      await clone.git(['commit', '-q', '-m', `bench: ${sources} sources`]);
    }
    if (PATCH) {
      await clone.git(['apply', PATCH]);
      await clone.git(['add', '-A']);
      await clone.git(['commit', '-q', '-m', 'bench: plugin patch']);
      say(`  applied ${PATCH}`);
    }
    const dbtNodes = JSON.parse(
      readFileSync(join(clone.root, 'libs/atlas-data-ingest/src/catalogue/sources.json'), 'utf8'),
    ) as {
      sources: unknown[];
    };
    put('sources in the catalogue', dbtNodes.sources.length, 'count');

    // The project graph from nothing (no workspace data: no graph cache, no plugin cache), then warm.
    const data = join(clone.root, '.nx', 'bench', 'workspace-data');
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) {
      rmSync(data, { recursive: true, force: true });
      cold.push((await timed(() => nxOk(clone, ['show', 'projects'])))[1]);
      warm.push((await timed(() => nxOk(clone, ['show', 'projects'])))[1]);
    }
    put(
      'project graph, cold (no workspace data)',
      seconds(median(cold)),
      's',
      'nx show projects, median of 3',
    );
    put('project graph, warm', seconds(median(warm)), 's', 'median of 3');
    const affected = ['affected', '-t', 'lint', 'test', 'build', '--base=HEAD', '--head=HEAD'];
    await nxOk(clone, affected);
    const noop: number[] = [];
    for (let i = 0; i < RUNS; i++) noop.push((await timed(() => nxOk(clone, affected)))[1]);
    put(
      'nx affected -t lint test build, no change',
      seconds(median(noop)),
      's',
      `daemon off, in-process plugins, median of ${RUNS}`,
    );

    const baseline = await taskHashes(clone.root, TARGETS);
    const cacheable = Object.values(baseline).filter((f) => f.cache && f.executor !== 'nx:noop').length;
    put('cacheable tasks of lint test build deploy', cacheable, 'count');

    // A full dbt build, kept as the reference of the slim builds below.
    const [fullOutput, fullMs] = await timed(() =>
      nxOk(clone, ['run', 'dbt-project:dbt-build', '--skip-nx-cache', '--exclude-task-dependencies']),
    );
    const full = dbtRun(clone, fullOutput);
    put('dbt nodes built and tested (full build)', full.nodes, 'count');
    put('dbt-build, full', seconds(fullMs), 's', full.summary);
    // dbt-build takes a reference inside the workspace (CI restores main's target folder there).
    const reference = join(clone.root, '.nx', 'bench', 'dbt-reference');
    cpSync(join(clone.root, 'libs/dbt-project/target/nx-build'), reference, { recursive: true });
    await nxOk(clone, ['run', 'dbt-project:dbt-docs', '--skip-nx-cache', '--exclude-task-dependencies']);
    const digests = new Map(RUN_FOR_REAL.map((t) => [t, outputDigest(clone.root, baseline[t] as TaskFacts)]));
    const saved = join(clone.root, '..', 'baseline-outputs');
    for (const task of RUN_FOR_REAL)
      for (const output of baseline[task]?.outputs ?? [])
        cpSync(join(clone.root, output), join(saved, output), { recursive: true });

    // The code location as Dagster loads it, then served over gRPC.
    const loads = [];
    for (let i = 0; i < 3; i++) loads.push(await codeLocationLoad(clone));
    put(
      'code location: import atlas_data.definitions',
      median(loads.map((l) => l.import)),
      's',
      'fresh Python, median of 3',
    );
    put(
      'code location: import + Definitions (asset graph)',
      median(loads.map((l) => l.import + l.definitions)),
      's',
      'what the code server does before it answers',
    );
    const [, grpcMs] = await timed(() =>
      nxOk(clone, ['run', 'atlas-data:grpc-smoke', '--skip-nx-cache', '--exclude-task-dependencies']),
    );
    const report = JSON.parse(
      readFileSync(join(clone.root, 'apps/atlas-data/dist/grpc-smoke/report.json'), 'utf8'),
    ) as {
      repositories: Record<string, string[]>;
      servedMs: number;
    };
    const served = Object.values(report.repositories).reduce((n, keys) => n + keys.length, 0);
    put('assets served over gRPC', served, 'count');
    put(
      'grpc-smoke',
      seconds(grpcMs),
      's',
      `nx task; assets served ${seconds(report.servedMs).toFixed(1)} s after start`,
    );

    // One source changed at a time: its staging model, its parser, its fixture.
    const verdicts = new Map<string, boolean>();
    for (const source of changedSources(sources)) {
      const changes = [
        ['staging model', `libs/dbt-project/models/staging/stg_${source.table}.sql`, 'dbt'],
        ['parser', source.parser, 'ingest'],
        ['fixture', source.fixture, 'ingest'],
      ] as const;
      for (const [what, file, kind] of changes) {
        const label = `${source.id}: its ${what}`;
        touch(file)(clone.root);
        const after = await taskHashes(clone.root, TARGETS);
        const changed = RUN_FOR_REAL.filter((t) => baseline[t]?.hash !== after[t]?.hash);
        const outputsChanged = new Map<string, boolean>();
        for (const task of changed) {
          // What a dbt task writes depends on the dbt project and on what its setup loads: the first
          // change of a kind (a dbt file, an ingest file) is run for real, and tells for the others.
          const known = verdicts.get(`${task}/${kind}`);
          if (known !== undefined) {
            outputsChanged.set(task, known);
            continue;
          }
          const [output, ms] = await timed(() =>
            nxOk(clone, ['run', task, '--skip-nx-cache', '--exclude-task-dependencies']),
          );
          const verdict = outputDigest(clone.root, after[task] as TaskFacts) !== digests.get(task);
          outputsChanged.set(task, verdict);
          verdicts.set(`${task}/${kind}`, verdict);
          if (task === 'dbt-project:dbt-build' && kind === 'dbt') {
            const run = dbtRun(clone, output);
            put(
              `dbt-build, full, after a change to stg_${source.table}`,
              seconds(ms),
              's',
              `${run.nodes} nodes; ${run.summary}`,
            );
            const [slimOutput, slimMs] = await timed(() =>
              nxOk(clone, ['run', task, '--skip-nx-cache', '--exclude-task-dependencies'], {
                ATLAS_DBT_REFERENCE: relative(clone.root, reference),
              }),
            );
            const slim = dbtRun(clone, slimOutput);
            put(`dbt-build, slim, after a change to stg_${source.table}`, seconds(slimMs), 's', slim.summary);
            put(`dbt nodes the slim build runs for stg_${source.table}`, slim.nodes, 'count');
          }
        }
        const rerun = [...reruns(baseline, after, (task) => outputsChanged.get(task))].sort();
        rerunLists.set(label, rerun);
        const ingestTests = rerun.filter((t) => /^atlas-data-ingest:test-/.test(t));
        put(
          `tasks rerun by a change to ${label}`,
          rerun.length,
          'count',
          `${ingestTests.join(' ') || 'no ingest tests'}; dbt outputs ${[...outputsChanged].map(([t, c]) => `${t.split(':')[1]} ${c ? 'changed' : 'identical'}`).join(', ') || 'not rerun'}`,
        );
        await clone.git(['checkout', '-q', '--', '.']);
        await clone.git(['clean', '-fdq', '--', 'libs', 'apps']);
        for (const task of outputsChanged.keys())
          for (const output of baseline[task]?.outputs ?? []) {
            rmSync(join(clone.root, output), { recursive: true, force: true });
            cpSync(join(saved, output), join(clone.root, output), { recursive: true });
          }
      }
    }
    return { sources, figures, reruns: rerunLists };
  } finally {
    clone.remove();
  }
}

async function main(): Promise<void> {
  if (PATCH && !existsSync(PATCH)) throw new Error(`BENCH_PLUGIN_PATCH ${PATCH} does not exist.`);
  const scales: Scale[] = [];
  for (const sources of SCALES) scales.push(await measureScale(sources));
  say('');
  for (const line of formatTable(scales.map((s) => ({ sources: s.sources, figures: s.figures })))) say(line);
  for (const scale of scales) {
    say('');
    say(`Tasks rerun at ${scale.sources} sources:`);
    for (const [label, tasks] of scale.reruns) say(`  ${label} (${tasks.length}): ${tasks.join(' ')}`);
  }
}

await main();
