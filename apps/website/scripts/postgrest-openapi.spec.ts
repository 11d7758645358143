import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  snapshotFromPostgrest,
  SnapshotError,
  type OpenApiDocument,
  type SwaggerDocument,
} from './postgrest-openapi.js';

const SNAPSHOT_FILE = new URL('../../../libs/dbt-project/api/openapi.json', import.meta.url);
const POSTGREST_FILE = new URL('./fixtures/postgrest-root.json', import.meta.url);

const snapshot = (): OpenApiDocument => JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as OpenApiDocument;
const postgrest = (): SwaggerDocument & Required<Pick<SwaggerDocument, 'paths' | 'definitions'>> =>
  JSON.parse(readFileSync(POSTGREST_FILE, 'utf8')) as SwaggerDocument &
    Required<Pick<SwaggerDocument, 'paths' | 'definitions'>>;

describe('snapshotFromPostgrest', () => {
  it('reproduces the committed snapshot exactly when PostgREST serves the same views', () => {
    const { doc, changes } = snapshotFromPostgrest(postgrest(), snapshot());
    expect(doc).toEqual(snapshot());
    expect(JSON.stringify(doc)).toBe(JSON.stringify(snapshot()));
    expect(changes).toEqual({ added: [], removed: [], changedColumns: [] });
  });

  it('builds a complete OpenAPI 3.0 document without a previous snapshot', () => {
    const { doc, changes } = snapshotFromPostgrest(postgrest());
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.info.title).toBe('Atlas public API');
    expect(Object.keys(doc.paths)).toEqual([
      '/v1/kommuner',
      '/v1/indicators',
      '/v1/kommune_indicators',
      '/v1/kommune_businesses',
    ]);
    expect(changes.added).toHaveLength(4);
    const kommuner = doc.paths['/v1/kommuner']?.get;
    expect(kommuner?.operationId).toBe('listKommuner');
    expect(kommuner?.parameters?.slice(0, 2)).toEqual([
      {
        name: 'kommunenummer',
        in: 'query',
        required: false,
        description: 'Filter on kommunenummer, e.g. eq.<value>',
        schema: { type: 'string' },
      },
      {
        name: 'kommunenavn',
        in: 'query',
        required: false,
        description: 'Filter on kommunenavn, e.g. eq.<value>',
        schema: { type: 'string' },
      },
    ]);
    expect(doc.components.schemas?.['kommuner']?.properties?.['population']).toEqual({
      type: 'integer',
      format: 'int32',
      nullable: true,
    });
    expect(doc.components.schemas?.['error']).toBeDefined();
    expect(Object.keys(doc.components.parameters ?? {})).toEqual([
      'select',
      'order',
      'limit',
      'offset',
      'range',
      'preferCount',
    ]);
  });

  it('reports an added view, a removed view, and new, dropped and retyped columns', () => {
    const live = postgrest();
    live.paths['/kommune_schools'] = { get: { summary: 'Schools per kommune' } };
    live.definitions['kommune_schools'] = {
      required: ['kommunenummer'],
      properties: {
        kommunenummer: { type: 'string', format: 'text' },
        school_count: { type: 'integer', format: 'bigint' },
      },
    };
    delete live.paths['/kommune_businesses'];
    const kommuner = live.definitions['kommuner']?.properties ?? {};
    kommuner['area_km2'] = { type: 'number', format: 'numeric' };
    delete kommuner['fylkesnavn'];
    kommuner['population_year'] = { type: 'string', format: 'text' };

    const { doc, changes } = snapshotFromPostgrest(live, snapshot());
    expect(changes.added).toEqual(['/v1/kommune_schools']);
    expect(changes.removed).toEqual(['/v1/kommune_businesses']);
    expect(changes.changedColumns).toEqual([
      '/v1/kommuner: column population_year changed from integer(int32) to string',
      '/v1/kommuner: new column area_km2',
      '/v1/kommuner: column fylkesnavn removed',
    ]);
    expect(Object.keys(doc.paths)).toEqual([
      '/v1/kommuner',
      '/v1/indicators',
      '/v1/kommune_indicators',
      '/v1/kommune_schools',
    ]);
    expect(doc.components.schemas?.['kommune_businesses']).toBeUndefined();
    expect(doc.tags?.map((t) => t.name)).toEqual(['kommuner', 'indicators', 'kommune_schools']);
    const schools = doc.components.schemas?.['kommune_schools'];
    expect(schools?.properties).toEqual({
      kommunenummer: { type: 'string' },
      school_count: { type: 'integer', format: 'int64', nullable: true },
    });
    expect(doc.paths['/v1/kommune_schools']?.get?.summary).toBe('Schools per kommune');
    // A retyped column loses the old example (it would be wrong) but keeps its description.
    const year = doc.components.schemas?.['kommuner']?.properties?.['population_year'];
    expect(year).toEqual({
      type: 'string',
      nullable: true,
      description: 'The year of the latest population count.',
    });
    const filters = doc.paths['/v1/kommuner']?.get?.parameters
      ?.filter((p) => 'name' in p && p.in === 'query')
      .map((p) => ('name' in p ? p.name : ''));
    expect(filters).toEqual([
      'kommunenummer',
      'kommunenavn',
      'fylkesnummer',
      'population',
      'population_year',
      'area_km2',
    ]);
  });

  it('refuses a document that is not PostgREST Swagger 2.0', () => {
    expect(() => snapshotFromPostgrest({ openapi: '3.0.3' } as SwaggerDocument)).toThrow(SnapshotError);
    expect(() => snapshotFromPostgrest({ openapi: '3.0.3' } as SwaggerDocument)).toThrow(
      'is not the Swagger 2.0 description PostgREST serves at its root',
    );
  });

  it('refuses a PostgREST that serves no views', () => {
    const live = postgrest();
    live.paths = { '/': live.paths['/'] };
    expect(() => snapshotFromPostgrest(live)).toThrow(
      'PostgREST serves no views: check that its db-schemas setting names api_v1.',
    );
  });

  it('refuses a column type the contract cannot describe, naming the view and column', () => {
    const live = postgrest();
    const indicators = live.definitions['indicators']?.properties ?? {};
    indicators['extra'] = { type: 'string', format: 'jsonb' };
    expect(() => snapshotFromPostgrest(live, snapshot())).toThrow(
      /^column extra of view indicators has PostgreSQL type "jsonb"/,
    );
  });
});
