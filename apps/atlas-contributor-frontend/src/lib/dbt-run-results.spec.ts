import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../testing/fixture-path';
import { parseRunResults, readRunResults } from './dbt-run-results';

let scratch: string;
let fixture: Record<string, unknown>;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'atlas-run-results-'));
  fixture = JSON.parse(await readFile(join(fixturesDir, 'run_results.json'), 'utf8')) as Record<
    string,
    unknown
  >;
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function targetWith(name: string, content: string): Promise<string> {
  const dir = join(scratch, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'run_results.json'), content);
  return dir;
}

describe('parseRunResults', () => {
  it('reads the invocation and every node of a dbt build, problems first', () => {
    const summary = parseRunResults(fixture);
    expect(summary).toMatchObject({
      dbtVersion: '1.11.9',
      generatedAt: new Date('2026-11-25T07:54:15.364Z'),
      invocationId: '5c3f1d2e-8a47-4b8e-9f6d-2b1e0c7a9d31',
      command: 'dbt build --project-dir libs/dbt-project --profiles-dir libs/dbt-project',
      elapsedSeconds: 1.6148169040679932,
      statusCounts: { success: 2, error: 1, pass: 1, fail: 1, warn: 1, skipped: 1 },
    });
    expect(summary.nodes.map((n) => `${n.status} ${n.uniqueId}`)).toEqual([
      'error model.atlas.stg_ssb_population',
      'fail test.atlas.not_null_stg_kommuner_kommunenavn.0d1e9a7c42',
      'warn test.atlas.relationships_stg_brreg_enheter_kommunenummer.8e2b7d3f10',
      'skipped model.atlas.fct_kommune_indicator',
      'success model.atlas.stg_kommuner',
      'success seed.atlas.indicators',
      'pass test.atlas.unique_stg_kommuner_kommunenummer.6f1f2c1a9b',
    ]);
  });

  it('keeps timing, message and failures per node', () => {
    const nodes = parseRunResults(fixture).nodes;
    expect(nodes[0]).toEqual({
      uniqueId: 'model.atlas.stg_ssb_population',
      resourceType: 'model',
      status: 'error',
      executionSeconds: 0.2164,
      startedAt: new Date('2026-11-25T07:54:09.341Z'),
      message: expect.stringMatching(
        /^Database Error in model stg_ssb_population .*\n {2}column "population" does not exist/s,
      ),
      failures: null,
    });
    expect(nodes[1]).toMatchObject({
      resourceType: 'test',
      failures: 3,
      message: 'Got 3 results, configured to fail if != 0',
    });
    // A skipped node has no timing entries.
    expect(nodes[3]).toMatchObject({
      status: 'skipped',
      startedAt: null,
      executionSeconds: 0,
      message: null,
    });
  });

  it('names the command after args.which when dbt did not record the command line', () => {
    const args = { ...(fixture['args'] as Record<string, unknown>) };
    delete args['invocation_command'];
    expect(parseRunResults({ ...fixture, args }).command).toBe('dbt build');
  });

  it('rejects documents that are not run results, saying what is wrong', () => {
    expect(() => parseRunResults({ nodes: {} })).toThrow(
      'it is not a dbt run_results.json (no metadata and results)',
    );
    const manifest = {
      ...fixture,
      metadata: {
        ...(fixture['metadata'] as object),
        dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      },
    };
    expect(() => parseRunResults(manifest)).toThrow(
      'its schema is https://schemas.getdbt.com/dbt/manifest/v12.json, not dbt run-results',
    );
    const results = fixture['results'] as Record<string, unknown>[];
    const broken = { ...fixture, results: [results[0], { ...results[1], execution_time: 'fast' }] };
    expect(() => parseRunResults(broken)).toThrow('results[1].execution_time is not a number');
  });
});

describe('readRunResults', () => {
  it('reads run_results.json from a target folder', async () => {
    const results = await readRunResults(fixturesDir);
    expect(results.state).toBe('ok');
    expect(results).toMatchObject({
      path: join(fixturesDir, 'run_results.json'),
      statusCounts: { error: 1 },
    });
  });

  it('reports a target folder without run results as missing', async () => {
    const dir = join(scratch, 'nowhere');
    expect(await readRunResults(dir)).toEqual({ state: 'missing', path: join(dir, 'run_results.json') });
  });

  it('reports a truncated file as invalid with the parser problem', async () => {
    const dir = await targetWith('truncated', '{"metadata": {"dbt_schema_version": ');
    const results = await readRunResults(dir);
    expect(results).toMatchObject({ state: 'invalid', path: join(dir, 'run_results.json') });
    expect(results.state === 'invalid' && results.problem).toMatch(/^it is not JSON \(/);
  });

  it('reports another dbt artefact under the run results name as invalid', async () => {
    const dir = await targetWith(
      'wrong',
      JSON.stringify({
        metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/catalog/v1.json' },
        results: [],
      }),
    );
    expect(await readRunResults(dir)).toEqual({
      state: 'invalid',
      path: join(dir, 'run_results.json'),
      problem: 'its schema is https://schemas.getdbt.com/dbt/catalog/v1.json, not dbt run-results',
    });
  });
});
