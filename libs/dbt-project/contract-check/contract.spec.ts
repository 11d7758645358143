import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finalSelectColumns, readApiViews } from './api-views.js';
import type { OpenApiDocument } from '@atlas/api-contract';
import { checkApiContract } from './contract.js';

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('the committed snapshot and the api_v1 views', () => {
  it('agree', () => {
    expect(checkApiContract(projectDir)).toEqual([]);
  });

  it('cover the four views of the data contract, each with its columns', () => {
    const views = readApiViews(join(projectDir, 'models'));
    expect(Object.fromEntries(views.map((v) => [v.name, v.columns.map((c) => c.name)]))).toEqual({
      indicators: ['indicator_id', 'name', 'unit', 'source_id', 'description'],
      kommune_businesses: ['kommunenummer', 'kommunenavn', 'organisation_count', 'employee_count'],
      kommune_indicators: ['kommunenummer', 'kommunenavn', 'indicator_id', 'period', 'value', 'unit'],
      kommuner: [
        'kommunenummer',
        'kommunenavn',
        'fylkesnummer',
        'fylkesnavn',
        'population',
        'population_year',
      ],
    });
  });
});

/** A scratch copy of the parts of the project the check reads, edited per test. */
describe('a change on one side only', () => {
  let dir: string;
  const file = (path: string) => join(dir, path);
  const edit = (path: string, from: string | RegExp, to: string) => {
    const before = readFileSync(file(path), 'utf8');
    const after = before.replace(from, to);
    if (after === before) throw new Error(`test setup: ${String(from)} not found in ${path}`);
    writeFileSync(file(path), after);
  };
  const editSnapshot = (change: (doc: OpenApiDocument & Record<string, unknown>) => void) => {
    const doc = JSON.parse(readFileSync(file('api/openapi.json'), 'utf8')) as OpenApiDocument &
      Record<string, unknown>;
    change(doc);
    writeFileSync(file('api/openapi.json'), JSON.stringify(doc, null, 2));
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atlas-api-contract-'));
    cpSync(join(projectDir, 'models', 'api_v1'), file('models/api_v1'), { recursive: true });
    cpSync(join(projectDir, 'api', 'openapi.json'), file('api/openapi.json'));
    expect(checkApiContract(dir)).toEqual([]);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails when a view is renamed and the snapshot still has the old path', () => {
    edit('models/api_v1/api_v1_kommune_businesses.yml', 'alias: kommune_businesses', 'alias: businesses');
    expect(checkApiContract(dir)).toEqual([
      'path /v1/kommune_businesses has no api_v1 view behind it: remove it from the snapshot or add the view.',
      'view api_v1.businesses (api_v1/api_v1_kommune_businesses.yml) has no GET /v1/businesses in the snapshot.',
    ]);
  });

  it('fails when a new view has no path in the snapshot', () => {
    cpSync(file('models/api_v1/api_v1_indicators.sql'), file('models/api_v1/api_v1_sources.sql'));
    writeFileSync(
      file('models/api_v1/api_v1_sources.yml'),
      readFileSync(file('models/api_v1/api_v1_indicators.yml'), 'utf8')
        .replace('name: api_v1_indicators', 'name: api_v1_sources')
        .replace('alias: indicators', 'alias: sources'),
    );
    expect(checkApiContract(dir)).toEqual([
      'view api_v1.sources (api_v1/api_v1_sources.yml) has no GET /v1/sources in the snapshot.',
    ]);
  });

  it('fails when the snapshot documents a path no view serves', () => {
    editSnapshot((doc) => {
      doc.paths = { ...doc.paths, '/v1/raw_loads': doc.paths['/v1/indicators'] ?? {} };
    });
    expect(checkApiContract(dir)).toEqual([
      'path /v1/raw_loads has no api_v1 view behind it: remove it from the snapshot or add the view.',
    ]);
  });

  it('fails when a view drops or renames a column', () => {
    edit('models/api_v1/api_v1_kommuner.sql', '::integer as population,', '::integer as residents,');
    edit('models/api_v1/api_v1_kommuner.yml', 'name: population\n', 'name: residents\n');
    expect(checkApiContract(dir)).toEqual([
      'GET /v1/kommuner: the snapshot has column population, which api_v1.kommuner does not select.',
      'GET /v1/kommuner: api_v1.kommuner selects residents, which the snapshot does not document.',
      'GET /v1/kommuner: no query parameter residents (PostgREST filters every column, e.g. ?residents=eq.<value>).',
    ]);
  });

  it('fails when a column changes type', () => {
    edit('models/api_v1/api_v1_kommune_businesses.sql', 'employee_count::integer', 'employee_count::bigint');
    edit(
      'models/api_v1/api_v1_kommune_businesses.yml',
      /(name: employee_count\n\s+data_type:) integer/,
      '$1 bigint',
    );
    expect(checkApiContract(dir)).toEqual([
      'GET /v1/kommune_businesses: column employee_count is integer(int32) in the snapshot but integer(int64) in the view (bigint).',
    ]);
  });

  it('fails when a column stops being nullable in the view but not in the snapshot', () => {
    edit(
      'models/api_v1/api_v1_indicators.yml',
      /(name: description\n\s+data_type: text\n)/,
      '$1        data_tests:\n          - not_null\n',
    );
    expect(checkApiContract(dir)).toEqual([
      'GET /v1/indicators: column description is string nullable in the snapshot but string in the view (text).',
    ]);
  });

  it('fails when the snapshot reorders columns or forgets a filter', () => {
    editSnapshot((doc) => {
      const schema = doc.components?.schemas?.['indicators'];
      if (!schema?.properties) throw new Error('test setup: no indicators schema');
      const { name, ...rest } = schema.properties;
      schema.properties = { ...rest, ...(name && { name }) };
      const get = doc.paths?.['/v1/indicators']?.['get'];
      if (!get?.parameters) throw new Error('test setup: no indicators parameters');
      get.parameters = get.parameters.filter((p) => !('name' in p) || p.name !== 'unit');
    });
    expect(checkApiContract(dir)).toEqual([
      'GET /v1/indicators: columns are documented as (indicator_id, unit, source_id, description, name) but the view returns (indicator_id, name, unit, source_id, description).',
      'GET /v1/indicators: no query parameter unit (PostgREST filters every column, e.g. ?unit=eq.<value>).',
    ]);
  });

  it('fails when the yml does not list every column the SQL selects', () => {
    edit(
      'models/api_v1/api_v1_kommune_indicators.sql',
      'facts.unit::text as unit',
      'facts.unit::text as unit,\n        facts.period::text as period_label',
    );
    expect(checkApiContract(dir)).toEqual([
      'api_v1/api_v1_kommune_indicators.yml lists (kommunenummer, kommunenavn, indicator_id, period, value, unit) but api_v1/api_v1_kommune_indicators.sql selects (kommunenummer, kommunenavn, indicator_id, period, value, unit, period_label): list every column of the view, in order.',
    ]);
  });

  it('fails when the SQL casts a column to another type than the yml declares', () => {
    edit('models/api_v1/api_v1_kommune_indicators.sql', 'facts.value::numeric', 'facts.value::integer');
    expect(checkApiContract(dir)).toEqual([
      'api_v1/api_v1_kommune_indicators.sql: column value is cast to integer but api_v1/api_v1_kommune_indicators.yml declares numeric: end it with ::numeric.',
    ]);
  });

  it('fails when a view is not under an enforced dbt contract', () => {
    edit('models/api_v1/api_v1_indicators.yml', 'enforced: true', 'enforced: false');
    expect(checkApiContract(dir)).toEqual([
      'api_v1/api_v1_indicators.yml: set config.contract.enforced: true so dbt refuses a view that differs from its yml.',
    ]);
  });

  it('fails with one line when the snapshot is not JSON', () => {
    writeFileSync(file('api/openapi.json'), '{"openapi": "3.0.3",');
    const problems = checkApiContract(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^api\/openapi\.json cannot be read as JSON/);
  });
});

describe('finalSelectColumns', () => {
  it('reads names and casts of the final CTE, ignoring comments', () => {
    const sql = `with a as (select 1), final as (
      select
          -- the key
          a.x::text as kommunenummer,
          round(a.y, 1)::numeric as value,
          a.z as untyped
      from a
    ) select * from final`;
    expect(finalSelectColumns(sql, 'x.sql')).toEqual([
      { name: 'kommunenummer', cast: 'text' },
      { name: 'value', cast: 'numeric' },
      { name: 'untyped', cast: undefined },
    ]);
  });

  it('refuses a model without a final CTE', () => {
    expect(() => finalSelectColumns('select 1 as a', 'api_v1/x.sql')).toThrow(
      /api_v1\/x\.sql: no "final as \(select \.\.\. from" CTE/,
    );
  });

  it('refuses a select item without an alias', () => {
    expect(() =>
      finalSelectColumns('with final as (select a.kommunenummer from a) select * from final', 'x.sql'),
    ).toThrow(/cannot read the column of "a\.kommunenummer"/);
  });
});
