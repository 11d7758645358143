import type { Tree } from '@nx/devkit';
import { fixtureFiles, sampleRows } from './fixture.js';
import { folded } from './folded.js';
import { rawColumns } from './ingest-edits.js';
import { LAYOUT } from './layout.js';
import { FORMAT_LABEL, type SourceOptions } from './normalize-options.js';

/** A Markdown table's cells, split on unescaped pipes. */
function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/**
 * A row padded to the columns of the table's rule row (| --- | ---: |), so a table aligned by hand
 * stays aligned where Prettier does not run (the fixtures folder); Prettier realigns the others.
 */
function alignedRow(rule: string[], cells: string[]): string {
  return `| ${cells
    .map((cell, i) => {
      const width = rule[i]?.length ?? 3;
      const pad = ' '.repeat(Math.max(0, width - [...cell].length));
      return /^-+:$/.test(rule[i] ?? '') ? `${pad}${cell}` : `${cell}${pad}`;
    })
    .join(' | ')} |`;
}

/**
 * Add a row to the Markdown table whose header row matches `header`; a file without that
 * table is left as it is and reported, since the docs can be fixed by hand.
 */
function addTableRow(tree: Tree, file: string, header: RegExp, cells: string[], missing: string[]): void {
  const text = tree.read(file, 'utf-8');
  const lines = text?.split('\n') ?? [];
  const start = lines.findIndex((l) => header.test(l));
  if (!text || start < 0) {
    missing.push(file);
    return;
  }
  let end = start;
  while (lines[end + 1]?.startsWith('|')) end++;
  const rule = cellsOf(lines[start + 1] ?? '');
  lines.splice(
    end + 1,
    0,
    alignedRow(
      rule,
      cells.map((c) => c.replaceAll('|', '\\|')),
    ),
  );
  tree.write(file, lines.join('\n'));
}

/** Insert `block` before the line that starts with `before`, or at the end of the file. */
function insertBefore(tree: Tree, file: string, before: string, block: string): void {
  const text = tree.read(file, 'utf-8') ?? '';
  const at = text.indexOf(`\n${before}`);
  tree.write(
    file,
    at < 0
      ? `${text.replace(/\n*$/, '\n\n')}${block}`
      : `${text.slice(0, at + 1)}${block}\n${text.slice(at + 1)}`,
  );
}

/** The source in the tables of the docs: the ingest's sources, the fixtures, the dbt models, the site's data flow. */
export function documentSource(tree: Tree, options: SourceOptions): string[] {
  const missing: string[] = [];
  const columns = rawColumns(options)
    .map(([name]) => name)
    .join(', ');
  const upstream = `${options.baseUrl}${options.path}`;
  addTableRow(
    tree,
    LAYOUT.ingestReadme,
    /^\| source\s+\| upstream\s+\| format/,
    [
      `\`${options.id}\``,
      `\`GET ${upstream}\``,
      FORMAT_LABEL[options.format],
      `\`${options.schedule}\``,
      `\`raw.${options.table}\` (${columns})`,
    ],
    missing,
  );
  const files = Object.keys(fixtureFiles(tree, options));
  addTableRow(
    tree,
    LAYOUT.fixturesReadme,
    /^\| folder\s+\| file\(s\)/,
    [
      `\`${options.id}/\``,
      files.map((f) => `\`${f}\``).join(', '),
      `${FORMAT_LABEL[options.format]} sample written by the source generator: the reference kommuner, two periods`,
      String(sampleRows(tree, options)),
    ],
    missing,
  );
  insertBefore(
    tree,
    LAYOUT.fixturesReadme,
    '## Refreshing a fixture',
    [
      `**\`${options.id}\`** (${options.title})`,
      '',
      ...folded(
        `- Checked against: nothing yet. The files are a sample in the form of a ${FORMAT_LABEL[options.format]} response (\`GET ${upstream}\`), written by \`nx g @atlas/executors:source\` with illustrative figures for the reference kommuner. Record the real response (see "Refreshing a fixture"), keep the reference kommuner in it, and say here what it was checked against.`,
        '',
        98,
      ).map((line, i) => (i === 0 ? line : `  ${line}`)),
      '',
    ].join('\n'),
  );
  addTableRow(
    tree,
    LAYOUT.dbtReadme,
    /^\| model\s+\| relation\s+\| grain/,
    [
      `\`stg_${options.table}\``,
      `\`staging.stg_${options.table}\``,
      'one row per region and period (`region_kind` says what a region is)',
    ],
    missing,
  );
  addTableRow(
    tree,
    LAYOUT.dataFlowDoc,
    /^\| source id\s+\| publisher and format/,
    [
      `\`${options.id}\``,
      `${options.title}, ${FORMAT_LABEL[options.format]}`,
      `\`raw.${options.table}\` (${columns})`,
    ],
    missing,
  );
  return missing;
}
