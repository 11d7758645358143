/**
 * Data-fidelity gate: every source the dbt project names exists in the ingest's catalogue
 * (libs/atlas-data-ingest/src/catalogue/sources.json, the one list of sources): the source_id of
 * each indicator (seeds/indicators.csv, served as api_v1.indicators.source_id) and each table of
 * the dbt source raw (models/staging/__sources.yml).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface CatalogueSource {
  id: string;
  table: string;
}

/** The values of one column of a seed CSV (no quoted commas before that column in our seeds). */
function seedColumn(file: string, column: string): { line: number; value: string }[] {
  const [header = '', ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const at = header.split(',').indexOf(column);
  if (at < 0) throw new Error(`${file} has no column ${column}`);
  return lines.map((line, i) => ({ line: i + 2, value: (line.split(',')[at] ?? '').trim() }));
}

/** One line per source the project names that the catalogue does not have; empty when all exist. */
export function unknownSources(projectDir: string, catalogue: readonly CatalogueSource[]): string[] {
  const ids = new Set(catalogue.map((s) => s.id));
  const tables = new Set(catalogue.map((s) => s.table));
  const problems: string[] = [];
  for (const { line, value } of seedColumn(join(projectDir, 'seeds', 'indicators.csv'), 'source_id'))
    if (!ids.has(value))
      problems.push(
        `seeds/indicators.csv line ${line}: source_id "${value}" is not a source of the ingest catalogue (${[...ids].join(', ')}).`,
      );
  const sources = parseYaml(readFileSync(join(projectDir, 'models', 'staging', '__sources.yml'), 'utf8')) as {
    sources?: { name?: string; tables?: { name?: string }[] }[];
  };
  for (const source of sources.sources ?? [])
    for (const table of source.tables ?? [])
      if (source.name === 'raw' && !tables.has(table.name ?? ''))
        problems.push(
          `models/staging/__sources.yml: raw.${table.name} is the table of no source of the ingest catalogue.`,
        );
  return problems;
}
