/**
 * Renders the TypeScript types of the public API from its OpenAPI snapshot
 * (libs/dbt-project/api/openapi.json). Pure: the CLI in generate-api-types.ts writes the result, and a
 * spec compares it with the committed src/api/generated-types.ts.
 */
import type { OpenApiDocument, ParameterObject, RefObject, SchemaObject } from '@atlas/api-contract';

export type { OpenApiDocument };

/** Thrown for a snapshot this generator cannot turn into types; the message says what and where. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function docComment(text: string | undefined, indent: string): string {
  if (!text) return '';
  return `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim()} */\n`;
}

function schemaName(ref: string, where: string): string {
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  if (!match?.[1])
    throw new SnapshotError(`${where}: $ref ${ref} does not point at #/components/schemas/<name>.`);
  return match[1];
}

function renderType(schema: SchemaObject, where: string, indent: string): string {
  let type: string;
  if (schema.$ref) {
    type = `ApiSchemas[${JSON.stringify(schemaName(schema.$ref, where))}]`;
  } else if (schema.enum) {
    type = schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  } else {
    switch (schema.type) {
      case 'string':
        type = 'string';
        break;
      case 'integer':
      case 'number':
        type = 'number';
        break;
      case 'boolean':
        type = 'boolean';
        break;
      case 'array':
        if (!schema.items) throw new SnapshotError(`${where}: an array schema needs items.`);
        type = `Array<${renderType(schema.items, `${where}.items`, indent)}>`;
        break;
      case 'object':
        type = renderObject(schema, where, indent);
        break;
      default:
        throw new SnapshotError(
          `${where}: type ${JSON.stringify(schema.type)} is not one the generator knows (string, integer, number, boolean, array, object).`,
        );
    }
  }
  return schema.nullable ? `${type} | null` : type;
}

function renderObject(schema: SchemaObject, where: string, indent: string): string {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return 'Record<string, unknown>';
  const inner = `${indent}  `;
  const lines = properties.map(
    ([name, property]) =>
      `${docComment(property.description, inner)}${inner}${propertyKey(name)}: ${renderType(property, `${where}.${name}`, inner)};\n`,
  );
  return `{\n${lines.join('')}${indent}}`;
}

function resolveParameter(
  doc: OpenApiDocument,
  parameter: ParameterObject | RefObject,
  where: string,
): ParameterObject {
  if (!parameter.$ref) return parameter as ParameterObject;
  const match = /^#\/components\/parameters\/([^/]+)$/.exec(parameter.$ref);
  const resolved = match?.[1] ? doc.components?.parameters?.[match[1]] : undefined;
  if (!resolved)
    throw new SnapshotError(
      `${where}: parameter ${parameter.$ref} is not defined in #/components/parameters.`,
    );
  return resolved;
}

interface ListPath {
  path: string;
  schema: string;
  columns: string[];
  filters: string[];
}

/** Every GET path that answers 200 with an array of one component schema: one api_v1 view each. */
function listPaths(doc: OpenApiDocument): ListPath[] {
  const schemas = doc.components?.schemas ?? {};
  return Object.entries(doc.paths ?? {}).map(([path, item]) => {
    const where = `paths.${path}.get`;
    const operation = item?.get;
    if (!operation)
      throw new SnapshotError(
        `paths.${path}: has no get operation; the API is read-only, every path must be a GET.`,
      );
    const body = operation.responses?.['200']?.content?.['application/json']?.schema;
    if (body?.type !== 'array' || !body.items?.$ref) {
      throw new SnapshotError(
        `${where}: the 200 response must be an array of a #/components/schemas/<view> item.`,
      );
    }
    const schema = schemaName(body.items.$ref, `${where}.responses.200`);
    const columns = Object.keys(schemas[schema]?.properties ?? {});
    if (columns.length === 0)
      throw new SnapshotError(
        `components.schemas.${schema}: missing or without properties (used by ${path}).`,
      );
    const filters = (operation.parameters ?? [])
      .map((parameter, index) => resolveParameter(doc, parameter, `${where}.parameters[${index}]`))
      .filter(
        (parameter) =>
          parameter.in === 'query' && parameter.name !== undefined && columns.includes(parameter.name),
      )
      .map((parameter) => parameter.name as string);
    return { path, schema, columns, filters };
  });
}

/** The source text of src/api/generated-types.ts for this snapshot. */
export function renderApiTypes(doc: OpenApiDocument, snapshotPath: string): string {
  const schemas = Object.entries(doc.components?.schemas ?? {});
  if (schemas.length === 0)
    throw new SnapshotError(`${snapshotPath}: components.schemas is empty; is this the API snapshot?`);
  const paths = listPaths(doc);
  if (paths.length === 0) throw new SnapshotError(`${snapshotPath}: has no paths; is this the API snapshot?`);

  const out: string[] = [];
  out.push(
    `// Generated from ${snapshotPath} (${doc.info?.title ?? 'untitled'} ${doc.info?.version ?? ''}`.trimEnd() +
      ') by scripts/generate-api-types.ts.',
    '// Do not edit: change the snapshot, then run `npx nx run atlas-frontend:generate-api-types`.',
    '// PostgREST returns every column of a view (unless `select` narrows it), so every property is present;',
    '// nullable columns are typed `| null`.',
    '',
    '/** The component schemas of the snapshot: one per api_v1 view, plus the error body. */',
    'export interface ApiSchemas {',
  );
  for (const [name, schema = {}] of schemas) {
    out.push(
      `${docComment(schema.description, '  ')}  ${propertyKey(name)}: ${renderType(schema, `components.schemas.${name}`, '  ')};`,
    );
  }
  out.push(
    '}',
    '',
    '/** Every list path: the row it answers with and the columns its query can filter on. */',
    'export interface ApiPaths {',
  );
  for (const { path, schema, filters } of paths) {
    const filterType = filters.length > 0 ? filters.map((f) => JSON.stringify(f)).join(' | ') : 'never';
    out.push(
      `  ${JSON.stringify(path)}: { row: ApiSchemas[${JSON.stringify(schema)}]; filters: ${filterType} };`,
    );
  }
  out.push(
    '}',
    '',
    '/** The columns each path answers with, to check live responses against the snapshot. */',
    'export const API_COLUMNS = {',
  );
  for (const { path, columns } of paths) {
    out.push(`  ${JSON.stringify(path)}: [${columns.map((c) => JSON.stringify(c)).join(', ')}],`);
  }
  out.push('} as const satisfies { [P in keyof ApiPaths]: ReadonlyArray<keyof ApiPaths[P]["row"]> };', '');
  return out.join('\n');
}
