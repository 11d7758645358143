import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchWorkspace, type ScratchWorkspace } from '../../testing/scratch-workspace.js';
import { LAYOUT } from './lib/layout.js';

/**
 * The generator for real: `nx g @atlas/executors:source` in a scratch copy of this workspace, one
 * source of each format, then the gates that prove them in that copy: the ingest's lint and unit
 * specs (each new source's own spec reads its fixture through its real reader), and the code
 * location's grpc-smoke, which runs dbt-build first (migrate, load every fixture, dbt build with
 * the new staging models, their tests and the marts, the api_v1 row check that every indicator's
 * source has values for the reference kommuner) and then serves the new assets over gRPC.
 */
const SOURCES = [
  [
    'json-stat',
    'gen-households',
    ['--path=/api/pxwebapi/v2/tables/06079/data', '--contentsCode=Husholdninger'],
  ],
  ['csv', 'gen-tall', ['--baseUrl=https://statistikk.test.example', '--path=/eksport/tall.csv']],
  ['paged-json', 'gen-sider', ['--baseUrl=https://api.test.example', '--path=/api/v1/verdier']],
] as const;
const table = (id: string) => id.replaceAll('-', '_');

describe('nx g @atlas/executors:source in a copy of the workspace, then its gates', () => {
  let copy: ScratchWorkspace;
  const ok = async (args: string[]) => {
    const result = await copy.nx(args);
    const tail = result.output.trim().split('\n').slice(-30).join('\n');
    expect(result.exitCode, `nx ${args.join(' ')}:\n${tail}`).toBe(0);
    return result.output;
  };

  beforeAll(async () => {
    copy = await scratchWorkspace('source-generator');
    for (const [format, id, options] of SOURCES)
      await ok(['g', '@atlas/executors:source', id, `--format=${format}`, '--no-interactive', ...options]);
  }, 300_000);
  afterAll(() => copy?.remove());

  it('refuses a bad option in one line and writes nothing', async () => {
    const result = await copy.nx([
      'g',
      '@atlas/executors:source',
      'gen-broken',
      '--format=csv',
      '--no-interactive',
    ]);
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain(
      "source generator: --baseUrl is required for a csv source: the upstream's https origin.",
    );
    expect(existsSync(join(copy.root, LAYOUT.ingest, 'src/catalogue/sources/gen-broken'))).toBe(false);
    expect(readFileSync(join(copy.root, LAYOUT.catalogue), 'utf8')).not.toContain('gen-broken');
  });

  it('passes the ingest gates: formatted, typed, linted, each source read from its fixture', async () => {
    // Each new source's spec is a test target of its own (test-<id>), beside the unit specs.
    const output = await ok([
      'run-many',
      '-t',
      'lint',
      'test-unit',
      ...SOURCES.map(([, id]) => `test-${id}`),
      '-p',
      'atlas-data-ingest',
      '--output-style=stream',
    ]);
    for (const [, id] of SOURCES) expect(output).toContain(`nx run atlas-data-ingest:test-${id}`);
  }, 300_000);

  it('is loaded, built, tested and served: dbt-build with the new models, then grpc-smoke', async () => {
    const output = await ok(['run', 'atlas-data:grpc-smoke', '--output-style=stream']);
    const results = JSON.parse(
      readFileSync(join(copy.root, LAYOUT.dbt, 'target/nx-build/run_results.json'), 'utf8'),
    ) as { results: { unique_id: string; status: string }[] };
    for (const [, id] of SOURCES) {
      expect(output).toMatch(new RegExp(`${id}: ok|${id}: \\d+ rows loaded into raw\\.${table(id)}`));
      const nodes = results.results.filter((r) => r.unique_id.includes(`stg_${table(id)}`));
      // The model and its three tests.
      expect(nodes.map((n) => n.status).sort(), id).toEqual(['pass', 'pass', 'pass', 'success']);
      expect(output).toMatch(new RegExp(`check-api-rows: +${id}: \\d+ values`));
    }
    const report = JSON.parse(
      readFileSync(join(copy.root, 'apps/atlas-data/dist/grpc-smoke/report.json'), 'utf8'),
    ) as {
      expectedAssets: string[];
    };
    for (const [, id] of SOURCES) expect(report.expectedAssets).toContain(`raw/${table(id)}`);
  }, 600_000);
});
