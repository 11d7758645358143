import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closingLine,
  formatSummary,
  reasonOf,
  summarizeRun,
  type ManifestIndex,
  type RunResults,
} from './run-results.js';

/** Trimmed run_results.json and manifest.json of real dbt 1.11 builds of the tiny-dbt fixture. */
const recorded = <T>(name: string): T =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'test-fixtures', name), 'utf8')) as T;
const manifest = recorded<ManifestIndex>('manifest-slim.json');

describe('summarizeRun', () => {
  it('reports a passing build by type and status, slowest first, and one closing line', () => {
    const summary = summarizeRun(recorded<RunResults>('run-results-success.json'), manifest);
    expect(summary.failed).toEqual([]);
    expect(formatSummary(summary, 'dbt build')).toMatchInlineSnapshot(`
      "dbt build: 5 nodes in 0.7 s
               success  pass
        model        3     -
        test         -     2
        slowest:
            0.21 s  model stg_colours
            0.19 s  model stg_things
            0.15 s  test not_null_stg_things_thing_id
            0.13 s  test unique_stg_things_thing_id
            0.10 s  model things_per_colour"
    `);
    expect(closingLine(summary, 'dbt build')).toBe('dbt build passed: 5 nodes (3 models, 2 tests) in 0.7 s.');
  });

  it('names a broken model with its file and the database error, not the header', () => {
    const summary = summarizeRun(recorded<RunResults>('run-results-broken-model.json'), manifest);
    expect(summary.failed.map((n) => n.name)).toEqual(['stg_colours']);
    expect(closingLine(summary, 'dbt build')).toBe(
      'dbt build failed: model stg_colours (models/stg_colours.sql): syntax error at or near "selec".',
    );
    expect(formatSummary(summary, 'dbt build')).toContain(
      [
        '         success  pass  error  skipped',
        '  model        1     -      1        1',
        '  test         -     2      -        -',
      ].join('\n'),
    );
  });

  it('names a failing data test with the YAML file that declares it', () => {
    const summary = summarizeRun(recorded<RunResults>('run-results-failing-test.json'), manifest);
    expect(closingLine(summary, 'dbt build')).toBe(
      'dbt build failed: test unique_stg_things_thing_id (models/sources.yml): Got 1 result, configured to fail if != 0.',
    );
  });

  it('counts further failures and names nodes the manifest does not know by their id', () => {
    const runResults: RunResults = {
      elapsed_time: 1,
      results: [
        { unique_id: 'model.p.a', status: 'error', execution_time: 0.1, message: 'boom', failures: null },
        {
          unique_id: 'unit_test.p.a.checks_a',
          status: 'fail',
          execution_time: 0.1,
          message: null,
          failures: 1,
        },
        { unique_id: 'seed.p.s', status: 'warn', execution_time: 0.1, message: 'meh', failures: null },
      ],
    };
    const summary = summarizeRun(runResults, undefined);
    expect(summary.failed).toHaveLength(2);
    expect(closingLine(summary, 'dbt build')).toBe(
      'dbt build failed: model a: boom (and 1 more failed node, listed above).',
    );
    expect(summary.failed[1]).toMatchObject({
      resourceType: 'unit_test',
      name: 'a.checks_a',
      reason: 'status fail',
    });
  });

  it('handles a run that selected nothing', () => {
    const summary = summarizeRun({ elapsed_time: 0.01, results: [] }, manifest);
    expect(formatSummary(summary, 'dbt build')).toBe('dbt build: 0 nodes in 0.0 s');
    expect(closingLine(summary, 'dbt build')).toBe('dbt build passed: 0 nodes in 0.0 s.');
  });
});

describe('reasonOf', () => {
  it('skips headers, blank lines and the compiled-code pointer', () => {
    expect(
      reasonOf('Runtime Error in seed s (seeds/s.csv)\n\n  compiled code at target/x\n  bad row 3'),
    ).toBe('bad row 3');
    expect(reasonOf(null)).toBeUndefined();
  });
});
