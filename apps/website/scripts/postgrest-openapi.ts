/**
 * Turns the OpenAPI description PostgREST serves at its root (Swagger 2.0) into the shape of the
 * committed API contract (libs/dbt-project/api/openapi.json): OpenAPI 3.0, one GET /v1/<view> per
 * view with a filter parameter per column, one schema per view. Hand-written text of the previous
 * snapshot (titles, summaries, descriptions, examples, tags) is kept; columns and types come from
 * PostgREST.
 */

export const API_PREFIX = '/v1/';
export const API_TITLE = 'Atlas public API';

/** The PostgREST (Swagger 2.0) parts read here. */
import type {
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  RefObject,
  SchemaObject,
} from '@atlas/api-contract';

export interface SwaggerDocument {
  swagger?: string;
  info?: { title?: string; description?: string; version?: string };
  paths?: Record<string, Record<string, SwaggerOperation | undefined> | undefined>;
  definitions?: Record<string, SwaggerDefinition | undefined>;
}

interface SwaggerOperation {
  summary?: string;
  description?: string;
  tags?: string[];
}

interface SwaggerDefinition {
  description?: string;
  required?: string[];
  properties?: Record<string, { type?: string; format?: string; description?: string } | undefined>;
}

export type { OpenApiDocument };

export interface SnapshotChanges {
  added: string[];
  removed: string[];
  /** One line per column added, removed or retyped in a view that was already there. */
  changedColumns: string[];
}

/** A document this conversion cannot use, reported as one line. */
export class SnapshotError extends Error {}

/** PostgreSQL type (PostgREST's `format`) → the JSON the API returns for it. */
const JSON_TYPES: Record<string, { type: string; format?: string }> = {
  text: { type: 'string' },
  'character varying': { type: 'string' },
  character: { type: 'string' },
  uuid: { type: 'string', format: 'uuid' },
  smallint: { type: 'integer', format: 'int32' },
  integer: { type: 'integer', format: 'int32' },
  bigint: { type: 'integer', format: 'int64' },
  numeric: { type: 'number' },
  real: { type: 'number', format: 'float' },
  'double precision': { type: 'number', format: 'double' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  'timestamp with time zone': { type: 'string', format: 'date-time' },
  'timestamp without time zone': { type: 'string', format: 'date-time' },
};

/** The parameters every PostgREST read accepts, shared by all paths. */
const COMMON_PARAMETERS: Record<string, ParameterObject> = {
  select: {
    name: 'select',
    in: 'query',
    required: false,
    description: 'Columns to return, comma-separated',
    schema: { type: 'string' },
  },
  order: {
    name: 'order',
    in: 'query',
    required: false,
    description: 'Sort order, e.g. <column>.desc.nullslast',
    schema: { type: 'string' },
  },
  limit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: 'Return at most this many rows',
    schema: { type: 'integer', minimum: 0 },
  },
  offset: {
    name: 'offset',
    in: 'query',
    required: false,
    description: 'Skip this many rows',
    schema: { type: 'integer', minimum: 0 },
  },
  range: {
    name: 'Range',
    in: 'header',
    required: false,
    description: 'Rows to return as a zero-based inclusive range, e.g. 0-24',
    schema: { type: 'string' },
  },
  preferCount: {
    name: 'Prefer',
    in: 'header',
    required: false,
    description: 'count=exact to get the total number of matching rows in Content-Range',
    schema: { type: 'string', enum: ['count=none', 'count=exact', 'count=planned', 'count=estimated'] },
  },
};

const COMMON_RESPONSES: Record<string, unknown> = {
  partialContent: {
    description: 'A page of the rows (Range or limit given with Prefer: count)',
    content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } },
  },
  badRequest: {
    description: 'A filter, select or order the API cannot read',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/error' } } },
  },
};

const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  description: "PostgREST's error body.",
  properties: {
    code: { type: 'string', example: 'PGRST100' },
    message: { type: 'string' },
    details: { type: 'string', nullable: true },
    hint: { type: 'string', nullable: true },
  },
};

function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

function isRef(value: unknown): value is RefObject {
  return typeof value === 'object' && value !== null && typeof (value as RefObject).$ref === 'string';
}

/** The views PostgREST serves: every path but its root and /rpc/ functions, with their definitions. */
function viewsOf(
  swagger: SwaggerDocument,
): { name: string; operation: SwaggerOperation; definition: SwaggerDefinition }[] {
  const views = [];
  for (const [path, item] of Object.entries(swagger.paths ?? {})) {
    if (path === '/' || path.startsWith('/rpc/') || !item?.['get']) continue;
    const name = path.replace(/^\//, '');
    const definition = swagger.definitions?.[name];
    if (!definition?.properties || Object.keys(definition.properties).length === 0) {
      throw new SnapshotError(
        `PostgREST lists ${path} but has no columns for it under definitions.${name}: is it the PostgREST root document?`,
      );
    }
    views.push({ name, operation: item['get'], definition });
  }
  return views;
}

function columnSchema(
  view: string,
  column: string,
  live: { type?: string; format?: string; description?: string },
  required: boolean,
  previous: SchemaObject | undefined,
): SchemaObject {
  const json = live.format ? JSON_TYPES[live.format] : undefined;
  if (!json) {
    throw new SnapshotError(
      `column ${column} of view ${view} has PostgreSQL type "${live.format ?? live.type ?? '?'}", which the API contract does not describe; cast it in the api_v1 view to one of: ${Object.keys(JSON_TYPES).join(', ')}.`,
    );
  }
  const sameType = previous !== undefined && previous.type === json.type && previous.format === json.format;
  // Views have no NOT NULL columns as far as PostgREST can tell: keep what the snapshot said, unless
  // PostgREST knows better (a required column), and call a new column nullable.
  const nullable = required ? false : sameType ? Boolean(previous.nullable) : true;
  const schema: SchemaObject = { type: json.type };
  if (json.format) schema.format = json.format;
  if (nullable) schema.nullable = true;
  const description = previous?.description ?? live.description;
  if (description) schema.description = description;
  if (sameType && previous.example !== undefined) schema.example = previous.example;
  return schema;
}

function filterParameter(
  column: string,
  previous: (ParameterObject | RefObject)[] | undefined,
): ParameterObject {
  const kept = previous?.find(
    (p): p is ParameterObject => !isRef(p) && p.in === 'query' && p.name === column,
  );
  return (
    kept ?? {
      name: column,
      in: 'query',
      required: false,
      description: `Filter on ${column}, e.g. eq.<value>`,
      schema: { type: 'string' },
    }
  );
}

/** Convert a PostgREST document, keeping the hand-written text of `previous` (the current snapshot). */
export function snapshotFromPostgrest(
  swagger: SwaggerDocument,
  previous?: OpenApiDocument,
): { doc: OpenApiDocument; changes: SnapshotChanges } {
  if (typeof swagger !== 'object' || swagger === null || !String(swagger.swagger ?? '').startsWith('2.')) {
    throw new SnapshotError(
      `the document is not the Swagger 2.0 description PostgREST serves at its root (swagger is "${String((swagger as SwaggerDocument | null)?.swagger ?? '')}").`,
    );
  }
  const views = viewsOf(swagger);
  if (views.length === 0)
    throw new SnapshotError('PostgREST serves no views: check that its db-schemas setting names api_v1.');

  const previousPaths = previous?.paths ?? {};
  const previousSchemas = previous?.components.schemas ?? {};
  const liveNames = new Set(views.map((v) => v.name));
  const previousNames = Object.keys(previousPaths)
    .filter((p) => p.startsWith(API_PREFIX))
    .map((p) => p.slice(API_PREFIX.length));
  // Existing endpoints stay in their order; new ones follow in PostgREST's order.
  const order = [
    ...previousNames.filter((n) => liveNames.has(n)),
    ...views.map((v) => v.name).filter((n) => !previousNames.includes(n)),
  ];

  const changes: SnapshotChanges = {
    added: order.filter((n) => !previousNames.includes(n)).map((n) => `${API_PREFIX}${n}`),
    removed: previousNames.filter((n) => !liveNames.has(n)).map((n) => `${API_PREFIX}${n}`),
    changedColumns: [],
  };

  const paths: OpenApiDocument['paths'] = {};
  const schemas: Record<string, SchemaObject> = {};
  const tags = [...(previous?.tags ?? [])];
  for (const name of order) {
    const view = views.find((v) => v.name === name);
    if (!view) continue;
    const path = `${API_PREFIX}${name}`;
    const before = previousPaths[path]?.get;
    const beforeSchema = previousSchemas[name];
    const required = new Set(view.definition.required ?? []);
    const properties: Record<string, SchemaObject> = {};
    for (const [column, live] of Object.entries(view.definition.properties ?? {})) {
      if (!live) continue;
      const old = beforeSchema?.properties?.[column];
      properties[column] = columnSchema(name, column, live, required.has(column), old);
      if (before && !old) changes.changedColumns.push(`${path}: new column ${column}`);
      else if (old && (old.type !== properties[column].type || old.format !== properties[column].format)) {
        changes.changedColumns.push(
          `${path}: column ${column} changed from ${old.type}${old.format ? `(${old.format})` : ''} to ${properties[column].type}${properties[column].format ? `(${properties[column].format})` : ''}`,
        );
      }
    }
    for (const column of Object.keys(beforeSchema?.properties ?? {})) {
      if (before && !(column in properties)) changes.changedColumns.push(`${path}: column ${column} removed`);
    }
    const schemaDescription =
      beforeSchema?.description ?? view.definition.description ?? view.operation.description;
    schemas[name] = {
      type: 'object',
      ...(schemaDescription ? { description: schemaDescription } : {}),
      properties,
    };

    const tagNames = before?.tags ?? [name];
    for (const tag of tagNames) if (!tags.some((t) => t.name === tag)) tags.push({ name: tag });
    const okResponse = before?.responses?.['200'] as { description?: string } | undefined;
    const operation: OperationObject = {
      operationId: before?.operationId ?? `list${pascalCase(name)}`,
      summary: before?.summary ?? view.operation.summary ?? `List ${name}`,
    };
    const description = before?.description ?? view.operation.description;
    if (description) operation.description = description;
    operation.tags = tagNames;
    operation.parameters = [
      ...Object.keys(properties).map((column) => filterParameter(column, before?.parameters)),
      ...Object.keys(COMMON_PARAMETERS).map((key) => ({ $ref: `#/components/parameters/${key}` })),
    ];
    operation.responses = {
      '200': {
        description: okResponse?.description ?? 'The matching rows',
        content: {
          'application/json': { schema: { type: 'array', items: { $ref: `#/components/schemas/${name}` } } },
        },
      },
      '206': { $ref: '#/components/responses/partialContent' },
      '400': { $ref: '#/components/responses/badRequest' },
    };
    paths[path] = { get: operation };
  }

  // Schemas that are not views (the error body) carry over.
  for (const [name, schema] of Object.entries(previousSchemas)) {
    if (!(name in schemas) && !previousNames.includes(name)) schemas[name] = schema;
  }
  if (!schemas['error']) schemas['error'] = ERROR_SCHEMA;
  const usedTags = new Set(Object.values(paths).flatMap((item) => item.get?.tags ?? []));

  const doc: OpenApiDocument = {
    openapi: previous?.openapi?.startsWith('3.0') ? previous.openapi : '3.0.3',
    info: previous?.info ?? {
      title: API_TITLE,
      version: '1.0.0',
      ...(swagger.info?.description ? { description: swagger.info.description } : {}),
    },
    ...(previous?.servers ? { servers: previous.servers } : {}),
    tags: tags.filter((t) => usedTags.has(t.name)),
    paths,
    components: {
      schemas,
      parameters: { ...COMMON_PARAMETERS, ...(previous?.components.parameters ?? {}) },
      responses: { ...COMMON_RESPONSES, ...(previous?.components.responses ?? {}) },
    },
  };
  return { doc, changes };
}
