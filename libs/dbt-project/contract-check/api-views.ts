import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** One column of a public view, as the model's yml declares it. */
export interface ViewColumn {
  name: string;
  /** PostgreSQL type from the yml's data_type (enforced by dbt's model contract). */
  dataType: string;
  /** False when the yml tests the column with not_null. */
  nullable: boolean;
}

/** One api_v1 view: the relation PostgREST serves as /v1/<name>. */
export interface ApiView {
  /** The relation name in schema api_v1 (the model's alias). */
  name: string;
  model: string;
  columns: ViewColumn[];
  /** Where it was read from, for error messages (relative to the models folder). */
  ymlFile: string;
  sqlFile: string;
}

interface YmlColumn {
  name?: unknown;
  data_type?: unknown;
  data_tests?: unknown;
  tests?: unknown;
}

interface YmlModel {
  name?: unknown;
  config?: { alias?: unknown; contract?: { enforced?: unknown } };
  columns?: YmlColumn[];
}

function testsOf(column: YmlColumn): unknown[] {
  const tests = column.data_tests ?? column.tests ?? [];
  return Array.isArray(tests) ? tests : [];
}

function hasNotNull(column: YmlColumn): boolean {
  return testsOf(column).some(
    (test) => test === 'not_null' || (typeof test === 'object' && test !== null && 'not_null' in test),
  );
}

/**
 * The output columns of a model's `final` CTE, in order, with the cast each one ends in.
 * The api_v1 models are written so that every output column is `<expr>::<type> as <name>`: that
 * keeps the view's types explicit, and lets this check read them without a database.
 */
export function finalSelectColumns(sql: string, file: string): { name: string; cast: string | undefined }[] {
  const match = /\bfinal\s+as\s*\(\s*select\b([\s\S]*?)\bfrom\b/i.exec(sql);
  if (!match?.[1]) {
    throw new Error(
      `${file}: no "final as (select ... from" CTE; write api_v1 models with a final CTE that lists every column as "<expr>::<type> as <name>".`,
    );
  }
  const columns: { name: string; cast: string | undefined }[] = [];
  for (const raw of match[1].split('\n')) {
    const line = raw.replace(/--.*$/, '').trim().replace(/,$/, '');
    if (line === '') continue;
    const column = /(?:::\s*([a-z][a-z0-9 ]*?))?\s+as\s+([a-z_][a-z0-9_]*)$/i.exec(line);
    if (!column?.[2])
      throw new Error(
        `${file}: cannot read the column of "${line}" in the final CTE; end each select item with "as <name>".`,
      );
    columns.push({ name: column[2], cast: column[1]?.trim().toLowerCase() });
  }
  return columns;
}

/** Read every api_v1 model (yml + sql) under modelsDir/api_v1, failing on any gap between the two. */
export function readApiViews(modelsDir: string): ApiView[] {
  const folder = join(modelsDir, 'api_v1');
  const files = readdirSync(folder).sort();
  const views: ApiView[] = [];
  for (const sqlName of files.filter((f) => f.endsWith('.sql'))) {
    const model = basename(sqlName, '.sql');
    const ymlName = `${model}.yml`;
    const ymlFile = join('api_v1', ymlName);
    const sqlFile = join('api_v1', sqlName);
    if (!files.includes(ymlName))
      throw new Error(
        `${sqlFile} has no ${ymlName}: every api_v1 view needs a yml listing all its columns with data_type.`,
      );
    const doc = parseYaml(readFileSync(join(folder, ymlName), 'utf8')) as { models?: YmlModel[] } | null;
    const entry = doc?.models?.find((m) => m.name === model);
    if (!entry) throw new Error(`${ymlFile} does not describe model ${model}.`);
    const alias = entry.config?.alias;
    if (typeof alias !== 'string')
      throw new Error(
        `${ymlFile}: set config.alias to the view's public name (PostgREST serves /v1/<alias>).`,
      );
    if (entry.config?.contract?.enforced !== true)
      throw new Error(
        `${ymlFile}: set config.contract.enforced: true so dbt refuses a view that differs from its yml.`,
      );
    const columns: ViewColumn[] = (entry.columns ?? []).map((column, index) => {
      if (typeof column.name !== 'string' || typeof column.data_type !== 'string') {
        throw new Error(`${ymlFile}: column ${index + 1} of ${model} needs a name and a data_type.`);
      }
      return { name: column.name, dataType: column.data_type.toLowerCase(), nullable: !hasNotNull(column) };
    });

    const selected = finalSelectColumns(readFileSync(join(folder, sqlName), 'utf8'), sqlFile);
    const declared = columns.map((c) => c.name).join(', ');
    const actual = selected.map((c) => c.name).join(', ');
    if (declared !== actual) {
      throw new Error(
        `${ymlFile} lists (${declared}) but ${sqlFile} selects (${actual}): list every column of the view, in order.`,
      );
    }
    for (const [index, column] of selected.entries()) {
      const expected = columns[index]?.dataType;
      if (column.cast !== expected) {
        throw new Error(
          `${sqlFile}: column ${column.name} is cast to ${column.cast ?? '(nothing)'} but ${ymlFile} declares ${expected}: end it with ::${expected}.`,
        );
      }
    }
    views.push({ name: alias, model, columns, ymlFile, sqlFile });
  }
  return views;
}
