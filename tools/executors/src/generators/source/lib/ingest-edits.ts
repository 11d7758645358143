import type { Tree } from '@nx/devkit';
import { updateJson } from '@nx/devkit';
import { fixtureFiles } from './fixture.js';
import { LAYOUT } from './layout.js';
import type { SourceOptions } from './normalize-options.js';

/** The raw table's data columns per format, as the definition declares them (name, SQL type, nullable). */
export function rawColumns(
  options: SourceOptions,
): [name: string, type: 'text' | 'numeric', nullable: boolean][] {
  const region =
    options.format === 'json-stat' ? 'region_code' : options.format === 'csv' ? 'region' : 'kommunenummer';
  return [
    [region, 'text', false],
    ['period', 'text', false],
    ['value', 'numeric', true],
  ];
}

/** The catalogue entry: appended, so the load order keeps the reference list first. */
export function addCatalogueEntry(tree: Tree, options: SourceOptions): void {
  updateJson(tree, LAYOUT.catalogue, (catalogue: { sources: Record<string, string>[] }) => {
    catalogue.sources.push({
      id: options.id,
      table: options.table,
      schedule: options.schedule,
      title: options.title,
    });
    return catalogue;
  });
}

/** List the definition in catalogue.ts: its import among the others (by path), its name at the end of the list. */
export function registerDefinition(tree: Tree, options: SourceOptions): void {
  const text = tree.read(LAYOUT.definitions, 'utf-8') ?? '';
  const list = /const DEFINITIONS: readonly SourceDefinition\[\] = \[([^\]]*)\];/.exec(text);
  if (!list)
    throw new Error(
      `source generator: ${LAYOUT.definitions} has no "const DEFINITIONS: readonly SourceDefinition[] = [...]" list: add ${options.variable} to it by hand.`,
    );
  const entries =
    list[1]
      ?.split(',')
      .map((e) => e.trim())
      .filter(Boolean) ?? [];
  // One per line, as Prettier writes a list this long.
  const withEntry = text.replace(
    list[0],
    `const DEFINITIONS: readonly SourceDefinition[] = [\n${[...entries, options.variable].map((e) => `  ${e},`).join('\n')}\n];`,
  );
  const importLine = `import { ${options.variable} } from './sources/${options.id}/${options.id}.js';`;
  const lines = withEntry.split('\n');
  const sourceImports = lines
    .map((l, i) => [l, i] as const)
    .filter(([l]) => /^import .* from '\.\/sources\//.test(l));
  const path = (line: string) => /from '([^']+)'/.exec(line)?.[1] ?? '';
  const after = sourceImports.filter(([l]) => path(l) < path(importLine)).at(-1);
  const at = after
    ? after[1] + 1
    : (sourceImports[0]?.[1] ?? lines.findIndex((l) => !l.startsWith('import ')));
  lines.splice(at, 0, importLine);
  tree.write(LAYOUT.definitions, lines.join('\n'));
}

/** The next migration: NNNN_<table>.sql creating raw.<table> with the definition's columns. */
export function addMigration(tree: Tree, options: SourceOptions): string {
  const numbers = tree
    .children(LAYOUT.migrations)
    .map((f) => /^(\d{4})_/.exec(f)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  const next = String(Math.max(0, ...numbers) + 1).padStart(4, '0');
  const file = `${LAYOUT.migrations}/${next}_${options.table}.sql`;
  const columns = [
    ...rawColumns(options).map(([name, type, nullable]) => [name, `${type}${nullable ? '' : ' not null'}`]),
    ['_load_id', 'bigint not null'],
    ['_loaded_at', 'timestamptz not null'],
  ];
  const width = Math.max(...columns.map(([name]) => (name as string).length));
  const region = rawColumns(options)[0]?.[0] as string;
  const regionNote =
    options.format === 'json-stat'
      ? 'Region of the table with codelist agg_KommSummer, as the API writes it (K-0301).'
      : options.format === 'csv'
        ? 'Region label as the file writes it: code and name ("0301 Oslo - Oslove", "0 Hele landet").'
        : 'kommunenummer of the record as the API writes it (9999 for "Uoppgitt").';
  tree.write(
    file,
    [
      `-- raw.${options.table}: ${options.title}`,
      `-- Source ${options.id} (${options.format}), loaded as published; dbt's staging classifies the regions.`,
      '',
      `create table raw.${options.table} (`,
      columns.map(([name, type]) => `    ${(name as string).padEnd(width)} ${type}`).join(',\n'),
      ');',
      `comment on table raw.${options.table} is '${options.title.replaceAll("'", "''")} (source ${options.id}).';`,
      `comment on column raw.${options.table}.${region} is '${regionNote.replaceAll("'", "''")}';`,
      '',
    ].join('\n'),
  );
  return file;
}

/** The recorded sample, in the format's exact form, under fixtures/<id>/. */
export function addFixture(tree: Tree, options: SourceOptions): string[] {
  return Object.entries(fixtureFiles(tree, options)).map(([name, content]) => {
    const path = `${LAYOUT.fixtures}/${options.id}/${name}`;
    tree.write(path, content);
    return path;
  });
}
