// The scale benchmark: the workspace as it is (6 sources) and grown with the source generator to 40
// sources (BENCH_SCALES to change), each in a scratch clone, measured the same way: the project
// graph, `nx affected` with no change, the code location's load and what it serves, grpc-smoke, a
// full and a slim dbt build after one source's staging model changed, and the tasks one source's
// change reruns (Nx's own task hasher). The timings alternate between the clones, so a machine
// whose load changes during the run skews every scale alike. Prints each figure next to the one at
// 6 sources. Asserts nothing: it is a measurement.
//
//   npx nx run bench:scale
//   BENCH_SCALES=6,40 BENCH_RUNS=5 BENCH_PLUGIN_PATCH=<file.patch> node --import tsx tools/bench/src/scale/main.ts
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cloneWorkspace, runNx, runProcess, type ScratchClone } from '@atlas/runtime';
import { outputDigest, taskHashes } from '../task-reruns/clone-tasks.js';
import { reruns } from '../task-reruns/compare.js';
import { touch } from '../task-reruns/scenarios.js';
import type { TaskFacts } from '../task-reruns/task-hashes.js';
import { benchSource } from './bench-sources.js';
import { formatTable, type Figure } from './report.js';

const SCALES = (process.env['BENCH_SCALES'] ?? '6,40').split(',').map(Number);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
for (const [name, values] of [
  ['BENCH_SCALES', SCALES],
  ['BENCH_RUNS', [RUNS]],
] as const) {
  if (values.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(
      `bench:scale: ${name} must be whole numbers above 0 (e.g. BENCH_SCALES=6,40 BENCH_RUNS=5).`,
    );
    process.exit(2);
  }
}
const PATCH = process.env['BENCH_PLUGIN_PATCH'] ? resolve(process.env['BENCH_PLUGIN_PATCH']) : undefined;
const TARGETS = ['lint', 'test', 'build', 'deploy'];
/**
 * Tasks whose outputs other tasks hash, run for real to see whether a change alters what those read:
 * the code location's checks read dbt-build's manifest.json, the site everything dbt-docs writes.
 */
const RUN_FOR_REAL: Record<string, string> = {
  'dbt-project:dbt-build': '**/manifest.json',
  'dbt-project:dbt-docs': '**/*',
};
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

const FHI: ChangedSource = {
  id: 'fhi-life-expectancy',
  table: 'fhi_life_expectancy',
  parser: 'libs/atlas-data-ingest/src/catalogue/sources/fhi-life-expectancy/fhi-life-expectancy.ts',
  fixture: 'libs/atlas-data-ingest/fixtures/fhi-life-expectancy/life-expectancy.json',
};

/** A generated source in the middle of a grown catalogue. */
function generatedSource(sources: number): ChangedSource {
  const options = benchSource(Math.min(sources, 20));
  const id = options['id'] as string;
  const file = { 'json-stat': 'data.json', csv: 'data.csv', 'paged-json': 'page-0.json' }[
    options['format'] as string
  ];
  return {
    id,
    table: id.replaceAll('-', '_'),
    parser: `libs/atlas-data-ingest/src/catalogue/sources/${id}/${id}.ts`,
    fixture: `libs/atlas-data-ingest/fixtures/${id}/${file}`,
  };
}

/** One scale: its clone, what was measured, and the state the change scenarios start from. */
interface Scale {
  sources: number;
  clone: ScratchClone;
  figures: Map<string, Figure>;
  reruns: Map<string, string[]>;
  baseline: Record<string, TaskFacts>;
  /** The target folder of a full build: the reference of the slim builds. */
  reference: string;
  /** Per task run for real: the digest of what its readers hash, and a copy of its outputs. */
  digests: Map<string, string>;
  saved: string;
  /** Per task and kind of change (dbt, ingest): whether its readers' inputs changed. */
  verdicts: Map<string, boolean>;
}

function put(scale: Scale, key: string, value: number, unit: Figure['unit'], note = ''): void {
  scale.figures.set(key, { value, unit, note });
  say(
    `  [${scale.sources}] ${key}: ${unit === 's' ? `${value.toFixed(2)} s` : value}${note ? ` (${note})` : ''}`,
  );
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

/** Run a task alone, from scratch (no cache, no dependencies: the clone's .venv is linked, never synced). */
const runTask = (scale: Scale, task: string, env: Record<string, string | undefined> = {}) =>
  timed(() => nxOk(scale.clone, ['run', task, '--skip-nx-cache', '--exclude-task-dependencies'], env));

/** The summary line dbt-build prints ("full build in 31.6 s (...)"), and the nodes its run_results hold. */
function dbtRun(clone: ScratchClone, output: string): { summary: string; nodes: number } {
  const summary = output.split('\n').findLast((l) => /dbt-build: (full|slim) build in/.test(l)) ?? '';
  const results = JSON.parse(
    readFileSync(join(clone.root, 'libs/dbt-project/target/nx-build/run_results.json'), 'utf8'),
  ) as { results: { status: string }[] };
  return {
    summary: summary.replace(/^.*dbt-build: /, '').replace(/\.$/, ''),
    nodes: results.results.filter((r) => r.status !== 'skipped').length,
  };
}

/** The code location loaded in a fresh Python as the code server loads it: the import, then the Definitions. */
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

async function codeLocationLoad(clone: ScratchClone): Promise<{ import: number; definitions: number }> {
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
  return JSON.parse(line) as { import: number; definitions: number };
}

const catalogueSize = (clone: ScratchClone) =>
  (
    JSON.parse(
      readFileSync(join(clone.root, 'libs/atlas-data-ingest/src/catalogue/sources.json'), 'utf8'),
    ) as {
      sources: unknown[];
    }
  ).sources.length;

/** A clone of HEAD grown to `sources` with the generator (and the plugin patch, if any), committed. */
async function setUp(sources: number): Promise<Scale> {
  const clone = await cloneWorkspace(`scale-${sources}`, 'workspace');
  const scale: Scale = {
    sources,
    clone,
    figures: new Map(),
    reruns: new Map(),
    baseline: {},
    reference: join(clone.root, '.nx', 'bench', 'dbt-reference'),
    digests: new Map(),
    saved: join(clone.root, '..', 'baseline-outputs'),
    verdicts: new Map(),
  };
  // The patch first: it is written against the committed workspace, which the generator then grows.
  if (PATCH) {
    await clone.git(['apply', PATCH]);
    await clone.git(['add', '-A']);
    await clone.git(['commit', '-q', '-m', 'bench: plugin patch']);
  }
  const before = catalogueSize(clone);
  if (sources > before) {
    const [grown, ms] = await timed(() =>
      runProcess([process.execPath, '--import', 'tsx', 'tools/bench/src/scale/grow.ts', String(sources)], {
        cwd: clone.root,
        echo: false,
        timeoutMs: 900_000,
      }),
    );
    if (grown.exitCode !== 0) throw new Error(`grow.ts failed: ${grown.output.trim().slice(-800)}`);
    say(
      `  [${sources}] ${sources - before} sources added with the source generator in ${seconds(ms).toFixed(1)} s`,
    );
    await clone.git(['add', '-A']);
    await clone.git(['commit', '-q', '-m', `bench: ${sources} sources`]);
  }
  put(scale, 'sources in the catalogue', catalogueSize(clone), 'count');
  return scale;
}

/** The graph from nothing (no workspace data: no graph or plugin cache), then warm; alternating clones. */
async function measureGraph(scales: Scale[]): Promise<void> {
  const cold = new Map<Scale, number[]>(scales.map((s) => [s, []]));
  const warm = new Map<Scale, number[]>(scales.map((s) => [s, []]));
  for (let i = 0; i < RUNS; i++)
    for (const scale of scales) {
      rmSync(join(scale.clone.root, '.nx', 'bench', 'workspace-data'), { recursive: true, force: true });
      cold.get(scale)?.push((await timed(() => nxOk(scale.clone, ['show', 'projects'])))[1]);
      warm.get(scale)?.push((await timed(() => nxOk(scale.clone, ['show', 'projects'])))[1]);
    }
  for (const scale of scales) {
    put(
      scale,
      'project graph, cold',
      seconds(median(cold.get(scale) ?? [])),
      's',
      `nx show projects, no workspace data, median of ${RUNS}`,
    );
    put(scale, 'project graph, warm', seconds(median(warm.get(scale) ?? [])), 's', `median of ${RUNS}`);
  }
  const affected = ['affected', '-t', 'lint', 'test', 'build', '--base=HEAD', '--head=HEAD'];
  const noop = new Map<Scale, number[]>(scales.map((s) => [s, []]));
  for (const scale of scales) await nxOk(scale.clone, affected);
  for (let i = 0; i < RUNS; i++)
    for (const scale of scales) noop.get(scale)?.push((await timed(() => nxOk(scale.clone, affected)))[1]);
  for (const scale of scales)
    put(
      scale,
      'nx affected -t lint test build, no change',
      seconds(median(noop.get(scale) ?? [])),
      's',
      `daemon off, plugins in process, median of ${RUNS}`,
    );
}

/** The baseline every change is compared with: task hashes, a full dbt build (the slim builds' reference), the docs. */
async function baseline(scale: Scale): Promise<void> {
  const { clone } = scale;
  const [output, ms] = await runTask(scale, 'dbt-project:dbt-build');
  const full = dbtRun(clone, output);
  put(scale, 'dbt nodes (full build: seeds, models, tests)', full.nodes, 'count');
  put(scale, 'dbt-build, full', seconds(ms), 's', full.summary);
  cpSync(join(clone.root, 'libs/dbt-project/target/nx-build'), scale.reference, { recursive: true });
  await runTask(scale, 'dbt-project:dbt-docs');
  // After the builds: the readers of their outputs hash what is on disk.
  scale.baseline = await taskHashes(clone.root, TARGETS);
  const cacheable = Object.values(scale.baseline).filter((f) => f.cache && f.executor !== 'nx:noop').length;
  put(scale, 'cacheable tasks of lint test build deploy', cacheable, 'count');
  for (const [task, glob] of Object.entries(RUN_FOR_REAL)) {
    const facts = scale.baseline[task];
    if (!facts) throw new Error(`${task} is not a task of ${TARGETS.join(' ')} in the clone.`);
    scale.digests.set(task, outputDigest(clone.root, facts, glob));
    for (const output of facts.outputs)
      cpSync(join(clone.root, output), join(scale.saved, output), { recursive: true });
  }
}

async function measureCodeLocation(scales: Scale[]): Promise<void> {
  const loads = new Map<Scale, { import: number; definitions: number }[]>(scales.map((s) => [s, []]));
  for (let i = 0; i < 3; i++)
    for (const scale of scales) loads.get(scale)?.push(await codeLocationLoad(scale.clone));
  for (const scale of scales) {
    const runs = loads.get(scale) ?? [];
    put(
      scale,
      'code location: import atlas_data.definitions',
      median(runs.map((l) => l.import)),
      's',
      `fresh Python, median of ${RUNS}`,
    );
    put(
      scale,
      'code location: import + Definitions',
      median(runs.map((l) => l.import + l.definitions)),
      's',
      `the asset graph resolved, as the code server loads it; median of ${RUNS}`,
    );
  }
  for (const scale of scales) {
    const [, ms] = await runTask(scale, 'atlas-data:grpc-smoke');
    const report = JSON.parse(
      readFileSync(join(scale.clone.root, 'apps/atlas-data/dist/grpc-smoke/report.json'), 'utf8'),
    ) as { repositories: Record<string, string[]>; servedMs: number };
    const served = Object.values(report.repositories).reduce((n, keys) => n + keys.length, 0);
    put(scale, 'assets served over gRPC', served, 'count');
    put(
      scale,
      'grpc-smoke',
      seconds(ms),
      's',
      `the nx task; assets served ${seconds(report.servedMs).toFixed(1)} s after the server started`,
    );
  }
}

/** One change to one file of a source: the tasks it reruns, and for the first staging change, the full and slim builds. */
async function measureChange(
  scale: Scale,
  source: ChangedSource,
  what: 'staging model' | 'parser' | 'fixture',
  timeBuilds: boolean,
): Promise<void> {
  const { clone } = scale;
  const file = {
    'staging model': `libs/dbt-project/models/staging/stg_${source.table}.sql`,
    parser: source.parser,
    fixture: source.fixture,
  }[what];
  const kind = what === 'staging model' ? 'dbt' : 'ingest';
  const label = `${source.id}: its ${what}`;
  touch(file)(clone.root);
  const after = await taskHashes(clone.root, TARGETS);
  const outputsChanged = new Map<string, boolean>();
  for (const [task, glob] of Object.entries(RUN_FOR_REAL)) {
    if (scale.baseline[task]?.hash === after[task]?.hash) continue;
    // What a dbt task writes depends on the dbt project and on what its setup loads: the first change
    // of a kind (a dbt file, an ingest file) is run for real and tells for the others.
    const known = scale.verdicts.get(`${task}/${kind}`);
    if (known !== undefined && !(timeBuilds && task === 'dbt-project:dbt-build')) {
      outputsChanged.set(task, known);
      continue;
    }
    const [output, ms] = await runTask(scale, task);
    const verdict = outputDigest(clone.root, after[task] as TaskFacts, glob) !== scale.digests.get(task);
    outputsChanged.set(task, verdict);
    scale.verdicts.set(`${task}/${kind}`, verdict);
    if (timeBuilds && task === 'dbt-project:dbt-build') {
      const full = dbtRun(clone, output);
      put(
        scale,
        `dbt-build, full, after a change to stg_${source.table}`,
        seconds(ms),
        's',
        `${full.nodes} nodes; ${full.summary}`,
      );
      const [slimOutput, slimMs] = await runTask(scale, task, {
        ATLAS_DBT_REFERENCE: relative(clone.root, scale.reference),
      });
      const slim = dbtRun(clone, slimOutput);
      put(
        scale,
        `dbt-build, slim, after a change to stg_${source.table}`,
        seconds(slimMs),
        's',
        slim.summary,
      );
      put(scale, `dbt nodes the slim build runs for stg_${source.table}`, slim.nodes, 'count');
    }
  }
  const rerun = [...reruns(scale.baseline, after, (task) => outputsChanged.get(task))].sort();
  scale.reruns.set(label, rerun);
  const ingestTests = rerun.filter((t) => /^atlas-data-ingest:test-/.test(t));
  put(
    scale,
    `tasks rerun by a change to ${label}`,
    rerun.length,
    'count',
    `ingest tests: ${ingestTests.map((t) => t.split(':')[1]).join(', ') || 'none'}; ` +
      `what dbt writes for its readers: ${[...outputsChanged].map(([t, c]) => `${t.split(':')[1]} ${c ? 'changed' : 'identical'}`).join(', ') || 'not rerun'}`,
  );
  // Back to the committed tree and the baseline outputs.
  await clone.git(['checkout', '-q', '--', '.']);
  await clone.git(['clean', '-fdq', '--', 'libs', 'apps']);
  for (const task of outputsChanged.keys())
    for (const output of scale.baseline[task]?.outputs ?? []) {
      rmSync(join(clone.root, output), { recursive: true, force: true });
      cpSync(join(scale.saved, output), join(clone.root, output), { recursive: true });
    }
}

async function main(): Promise<void> {
  if (PATCH && !existsSync(PATCH)) throw new Error(`BENCH_PLUGIN_PATCH ${PATCH} does not exist.`);
  if (PATCH) say(`With the plugin change ${PATCH} applied in every clone.`);
  const scales: Scale[] = [];
  try {
    for (const sources of SCALES) scales.push(await setUp(sources));
    await measureGraph(scales);
    for (const scale of scales) await baseline(scale);
    await measureCodeLocation(scales);
    // The same hand-written source at every scale first (its staging change times the dbt builds),
    // then, in a grown catalogue, a generated one.
    for (const scale of scales) await measureChange(scale, FHI, 'staging model', true);
    for (const scale of scales) {
      for (const what of ['parser', 'fixture'] as const) await measureChange(scale, FHI, what, false);
      if (scale.sources > 6)
        for (const what of ['staging model', 'parser', 'fixture'] as const)
          await measureChange(scale, generatedSource(scale.sources), what, false);
    }
  } finally {
    for (const scale of scales) scale.clone.remove();
  }
  say('');
  for (const line of formatTable(scales)) say(line);
  for (const scale of scales) {
    say('');
    say(`Tasks rerun at ${scale.sources} sources:`);
    for (const [label, tasks] of scale.reruns) say(`  ${label} (${tasks.length}): ${tasks.join(' ')}`);
  }
}

await main();
