import type { Tree } from '@nx/devkit';
import { isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { folded } from './folded.js';
import { rawColumns } from './ingest-edits.js';
import { LAYOUT } from './layout.js';
import { FORMAT_LABEL, type SourceOptions } from './normalize-options.js';

const fail = (message: string): never => {
  throw new Error(`source generator: ${message}`);
};

/**
 * Append an item, written as YAML lines (no indentation of their own), to a block sequence of a YAML
 * file without rewriting the rest of it (a round trip through a YAML printer refolds every folded
 * description). The sequence is found by parsing; the result is parsed again to be sure.
 */
function appendToSequence(text: string, sequence: YAMLSeq, item: string[], blankLine: boolean): string {
  const first = sequence.items[0] as { range?: [number, number, number] } | undefined;
  const end = sequence.range?.[1];
  if (!first?.range || end === undefined) throw new Error('not a block sequence');
  const lineStart = text.lastIndexOf('\n', first.range[0]) + 1;
  const indent = ' '.repeat(first.range[0] - lineStart - 2);
  const block = item.map((line, i) => (line ? `${indent}${i === 0 ? '- ' : '  '}${line}` : '')).join('\n');
  const before = text.slice(0, end).replace(/\s*$/, '');
  return `${before}\n${blankLine ? '\n' : ''}${block}\n${text.slice(end).replace(/^\s*\n/, '')}`;
}

/** The table in the dbt source `raw` (models/staging/__sources.yml), with its columns. */
export function addDbtSource(tree: Tree, options: SourceOptions): void {
  const text = tree.read(LAYOUT.dbtSources, 'utf-8') ?? '';
  const rawTables = (yaml: string): YAMLSeq | undefined => {
    const sources = parseDocument(yaml).get('sources');
    const raw = isSeq(sources)
      ? (sources as YAMLSeq).items.find((s) => isMap(s) && (s as YAMLMap).get('name') === 'raw')
      : undefined;
    const tables = raw ? (raw as YAMLMap).get('tables') : undefined;
    return isSeq(tables) ? (tables as YAMLSeq) : undefined;
  };
  const tables = rawTables(text);
  if (!tables)
    return fail(
      `${LAYOUT.dbtSources} has no source "raw" with a list of tables: add raw.${options.table} by hand.`,
    );
  const region = rawColumns(options)[0]?.[0] as string;
  const description = `${options.title}. Loaded by atlas-ingest source ${options.id} (${FORMAT_LABEL[options.format]}), as published; one row per region and period.`;
  const item = [
    `name: ${options.table}`,
    'description: >',
    ...folded(description, '    ', 100 - 6),
    'columns:',
    `  - name: ${region}`,
    '    description: The region as the upstream writes it.',
    '  - name: period',
    '  - name: value',
  ];
  const updated = appendToSequence(text, tables, item, true);
  if (!rawTables(updated)?.items.some((t) => isMap(t) && (t as YAMLMap).get('name') === options.table))
    fail(`could not add raw.${options.table} to ${LAYOUT.dbtSources}: add it by hand.`);
  tree.write(LAYOUT.dbtSources, updated);
}

/** The indicator the marts publish the source's values under. */
export function addIndicator(tree: Tree, options: SourceOptions): void {
  const text = tree.read(LAYOUT.indicators, 'utf-8') ?? '';
  const header = text.split('\n')[0];
  if (header !== 'indicator_id,name,unit,source_id,description')
    fail(
      `${LAYOUT.indicators} does not start with indicator_id,name,unit,source_id,description: add the row by hand.`,
    );
  const field = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const description =
    options.indicatorName === options.title
      ? `${options.title}; one value per kommune and period (source ${options.id}).`
      : `${options.indicatorName} per kommune and period (${options.title}).`;
  const row = [options.indicator, options.indicatorName, options.unit, options.id, description]
    .map(field)
    .join(',');
  tree.write(LAYOUT.indicators, `${text.replace(/\n*$/, '\n')}${row}\n`);
}

/** The name of the source's block in fct_kommune_indicator. */
export const factBlock = (options: SourceOptions) => `${options.table}_values`;

/** The source's rows in fct_kommune_indicator: a block reading its staging model, added to the union. */
export function addToFacts(tree: Tree, options: SourceOptions): void {
  const text = tree.read(LAYOUT.facts, 'utf-8') ?? '';
  const union = /\nunioned as \(\n\n([\s\S]*?)\n\n\),\n/.exec(text);
  if (!union)
    return fail(`${LAYOUT.facts} has no "unioned as (...)" block: add stg_${options.table} to it by hand.`);
  const block = [
    `${factBlock(options)} as (`,
    '',
    '    select',
    '        kommunenummer,',
    `        '${options.indicator}' as indicator_id,`,
    '        period,',
    '        value',
    '',
    `    from {{ ref('stg_${options.table}') }}`,
    "    where region_kind = 'kommune'",
    '',
    '),',
    '',
  ].join('\n');
  const unioned = `\nunioned as (\n\n${union[1]}\n    union all\n    select * from ${factBlock(options)}\n\n),\n`;
  tree.write(LAYOUT.facts, text.replace(union[0], `\n${block}${unioned}`));
}

/** dbt unit tests must give every input of the model: the new staging model gives none to the existing ones. */
export function addToFactUnitTests(tree: Tree, options: SourceOptions): void {
  let text = tree.read(LAYOUT.factTests, 'utf-8') ?? '';
  const givens = (yaml: string): YAMLSeq[] => {
    const tests = parseDocument(yaml).get('unit_tests');
    if (!isSeq(tests)) return [];
    return (tests as YAMLSeq).items
      .filter((t): t is YAMLMap => isMap(t) && t.get('model') === 'fct_kommune_indicator')
      .map((t) => t.get('given'))
      .filter((g): g is YAMLSeq => isSeq(g));
  };
  const input = `ref('stg_${options.table}')`;
  // From the last to the first, so each offset still holds when it is used.
  const found = givens(text);
  for (const given of [...found].reverse())
    text = appendToSequence(text, given, [`input: ${input}`, 'rows: []'], false);
  const after = givens(text);
  if (
    after.length !== found.length ||
    !after.every((g) => g.items.some((i) => isMap(i) && i.get('input') === input))
  )
    fail(
      `could not give ${input} to the unit tests in ${LAYOUT.factTests}: add it to each one's given by hand.`,
    );
  tree.write(LAYOUT.factTests, text);
}
