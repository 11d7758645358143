import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  API_PREFIX,
  API_TITLE,
  type OpenApiDocument,
  type ParameterObject,
  type SchemaObject,
} from '@atlas/api-contract';
import { readApiViews, type ApiView, type ViewColumn } from './api-views.js';

/** How PostgREST's JSON renders each PostgreSQL type the api_v1 views use. */
const JSON_TYPES: Record<string, { type: string; format?: string }> = {
  text: { type: 'string' },
  integer: { type: 'integer', format: 'int32' },
  bigint: { type: 'integer', format: 'int64' },
  numeric: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  'timestamp with time zone': { type: 'string', format: 'date-time' },
};

/** The OpenAPI schema a column must have in the snapshot. */
export function expectedPropertySchema(column: ViewColumn): {
  type: string;
  format?: string;
  nullable?: true;
} {
  const json = JSON_TYPES[column.dataType];
  if (!json) {
    throw new Error(
      `Column ${column.name} has data_type ${column.dataType}, which the API contract cannot map to JSON; use one of ${Object.keys(JSON_TYPES).join(', ')}.`,
    );
  }
  return column.nullable ? { ...json, nullable: true } : json;
}

function resolve<T>(doc: OpenApiDocument, value: T | { $ref: string }): T | undefined {
  if (value && typeof value === 'object' && '$ref' in value && typeof value.$ref === 'string') {
    const [, section, name] = /^#\/components\/(schemas|parameters)\/(.+)$/.exec(value.$ref) ?? [];
    if (!section || !name) return undefined;
    return doc.components?.[section as 'schemas' | 'parameters']?.[name] as T | undefined;
  }
  return value as T;
}

function describe(schema: { type?: string; format?: string; nullable?: boolean } | undefined): string {
  if (!schema) return '(missing)';
  return [
    schema.type ?? '?',
    schema.format ? `(${schema.format})` : '',
    schema.nullable ? ' nullable' : '',
  ].join('');
}

/**
 * Every way the OpenAPI snapshot and the api_v1 views disagree, one line each (empty when they
 * agree): a view without its /v1 path, a path without a view, a column missing, extra, reordered or
 * typed differently, a column that cannot be filtered on.
 */
export function compareContract(views: ApiView[], doc: OpenApiDocument): string[] {
  const problems: string[] = [];
  if (!doc.openapi?.startsWith('3.0'))
    problems.push(`openapi is "${doc.openapi ?? ''}"; the snapshot is an OpenAPI 3.0 document.`);
  if (doc.info?.title !== API_TITLE)
    problems.push(`info.title is "${doc.info?.title ?? ''}"; expected "${API_TITLE}".`);

  const paths = doc.paths ?? {};
  const expectedPaths = new Set(views.map((v) => `${API_PREFIX}${v.name}`));
  for (const path of Object.keys(paths)) {
    if (!expectedPaths.has(path))
      problems.push(
        `path ${path} has no api_v1 view behind it: remove it from the snapshot or add the view.`,
      );
  }

  for (const view of views) {
    const path = `${API_PREFIX}${view.name}`;
    const get = paths[path]?.['get'];
    if (!get) {
      problems.push(`view api_v1.${view.name} (${view.ymlFile}) has no GET ${path} in the snapshot.`);
      continue;
    }
    const listSchema = resolve(doc, get.responses?.['200']?.content?.['application/json']?.schema ?? {});
    const rowSchema =
      listSchema?.type === 'array' && listSchema.items ? resolve(doc, listSchema.items) : undefined;
    if (!rowSchema?.properties) {
      problems.push(
        `GET ${path}: the 200 application/json response must be an array of objects with the view's columns.`,
      );
      continue;
    }
    const documented = Object.keys(rowSchema.properties);
    const columns = view.columns.map((c) => c.name);
    for (const name of documented.filter((n) => !columns.includes(n))) {
      problems.push(
        `GET ${path}: the snapshot has column ${name}, which api_v1.${view.name} does not select.`,
      );
    }
    for (const name of columns.filter((n) => !documented.includes(n))) {
      problems.push(
        `GET ${path}: api_v1.${view.name} selects ${name}, which the snapshot does not document.`,
      );
    }
    const common = columns.filter((n) => documented.includes(n));
    const documentedOrder = documented.filter((n) => columns.includes(n));
    if (common.join(',') !== documentedOrder.join(',')) {
      problems.push(
        `GET ${path}: columns are documented as (${documentedOrder.join(', ')}) but the view returns (${common.join(', ')}).`,
      );
    }
    for (const column of view.columns) {
      const actual = rowSchema.properties[column.name];
      if (!actual) continue;
      const expected = expectedPropertySchema(column);
      if (
        actual.type !== expected.type ||
        actual.format !== expected.format ||
        Boolean(actual.nullable) !== Boolean(expected.nullable)
      ) {
        problems.push(
          `GET ${path}: column ${column.name} is ${describe(actual)} in the snapshot but ${describe(expected)} in the view (${column.dataType}).`,
        );
      }
    }
    const queryParameters = new Set(
      (get.parameters ?? [])
        .map((p) => resolve<ParameterObject>(doc, p))
        .filter((p): p is ParameterObject => p?.in === 'query')
        .map((p) => p.name),
    );
    for (const name of columns.filter((n) => !queryParameters.has(n))) {
      problems.push(
        `GET ${path}: no query parameter ${name} (PostgREST filters every column, e.g. ?${name}=eq.<value>).`,
      );
    }
    for (const name of ['select', 'order', 'limit', 'offset'].filter((n) => !queryParameters.has(n))) {
      problems.push(`GET ${path}: no query parameter ${name}, which PostgREST accepts on every view.`);
    }
  }
  return problems;
}

/** Read the api_v1 models and the snapshot of a dbt project folder and compare them. */
export function checkApiContract(projectDir: string): string[] {
  let views: ApiView[];
  try {
    views = readApiViews(join(projectDir, 'models'));
  } catch (error) {
    return [(error as Error).message];
  }
  const snapshot = join(projectDir, 'api', 'openapi.json');
  let doc: OpenApiDocument;
  try {
    doc = JSON.parse(readFileSync(snapshot, 'utf8')) as OpenApiDocument;
  } catch (error) {
    return [`api/openapi.json cannot be read as JSON (${(error as Error).message}).`];
  }
  try {
    return compareContract(views, doc);
  } catch (error) {
    return [(error as Error).message];
  }
}
