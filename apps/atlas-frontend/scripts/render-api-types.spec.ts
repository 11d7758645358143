import { describe, expect, it } from 'vitest';
import { renderApiTypes, SnapshotError, type OpenApiDocument } from './render-api-types';
import type { ParameterObject, SchemaObject } from '@atlas/api-contract';

interface Variant {
  properties?: Record<string, SchemaObject>;
  parameters?: ParameterObject[];
  body?: SchemaObject;
}

/** A small snapshot in the shape of the real one; a variant replaces one part of it. */
function snapshot(variant: Variant = {}): OpenApiDocument {
  return {
    openapi: '3.0.3',
    info: { title: 'Test API', version: '2.0.0' },
    paths: {
      '/v1/kommuner': {
        get: {
          parameters: variant.parameters ?? [
            { name: 'kommunenummer', in: 'query' },
            { $ref: '#/components/parameters/limit' },
            { name: 'Prefer', in: 'header' },
          ],
          responses: {
            '200': {
              content: {
                'application/json': {
                  schema: variant.body ?? { type: 'array', items: { $ref: '#/components/schemas/kommuner' } },
                },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        kommuner: {
          type: 'object',
          description: 'A kommune.',
          properties: variant.properties ?? {
            kommunenummer: { type: 'string', description: 'Four digits.' },
            population: { type: 'integer', nullable: true },
            sex: { type: 'string', enum: ['male', 'female'] },
          },
        },
      },
      parameters: { limit: { name: 'limit', in: 'query' } },
    },
  };
}

describe('renderApiTypes', () => {
  it('renders each schema, nullable columns as | null, and the paths with their column filters', () => {
    const text = renderApiTypes(snapshot(), 'api/openapi.json');
    expect(text).toContain('// Generated from api/openapi.json (Test API 2.0.0)');
    expect(text).toContain(
      '  /** A kommune. */\n  kommuner: {\n    /** Four digits. */\n    kommunenummer: string;\n    population: number | null;\n    sex: "male" | "female";\n  };',
    );
    // limit is a query parameter but not a column; Prefer is a header.
    expect(text).toContain('"/v1/kommuner": { row: ApiSchemas["kommuner"]; filters: "kommunenummer" };');
    expect(text).toContain('"/v1/kommuner": ["kommunenummer", "population", "sex"],');
  });

  it('changes when a column of the contract is renamed', () => {
    const text = renderApiTypes(
      snapshot({ properties: { kommune_nr: { type: 'string' }, population: { type: 'integer' } } }),
      'api/openapi.json',
    );
    expect(text).toContain('kommune_nr: string;');
    expect(text).not.toContain('kommunenummer: string;');
    expect(text).toContain('filters: never');
  });

  it('rejects a type it does not know, naming where', () => {
    expect(() =>
      renderApiTypes(snapshot({ properties: { population: { type: 'decimal' } } }), 'x.json'),
    ).toThrow(
      new SnapshotError(
        'components.schemas.kommuner.population: type "decimal" is not one the generator knows (string, integer, number, boolean, array, object).',
      ),
    );
  });

  it('rejects a path that does not answer with a list of a component schema', () => {
    expect(() => renderApiTypes(snapshot({ body: { type: 'object' } }), 'x.json')).toThrow(
      /paths\.\/v1\/kommuner\.get: the 200 response must be an array/,
    );
  });

  it('rejects a parameter $ref that points nowhere', () => {
    expect(() =>
      renderApiTypes(snapshot({ parameters: [{ $ref: '#/components/parameters/nope' }] }), 'x.json'),
    ).toThrow('parameter #/components/parameters/nope is not defined');
  });

  it('rejects a document that is not an API snapshot', () => {
    expect(() => renderApiTypes({} as OpenApiDocument, 'x.json')).toThrow(
      'x.json: components.schemas is empty; is this the API snapshot?',
    );
  });
});
