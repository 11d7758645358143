import type { Tree } from '@nx/devkit';
import { names } from '@nx/devkit';
import type { SourceGeneratorSchema, UpstreamFormat } from '../schema.js';
import { LAYOUT } from './layout.js';

export interface SourceOptions {
  id: string;
  format: UpstreamFormat;
  /** The TypeScript name of the definition (ssbHouseholds). */
  variable: string;
  table: string;
  schedule: string;
  title: string;
  baseUrl: string;
  /** Path of the first request, without the query. */
  path: string;
  contentsCode: string;
  indicator: string;
  indicatorName: string;
  unit: string;
  /** The file (under fixtures/<id>/) answering the first request; paged-json has one per page. */
  fixtureFile: string;
  skipFormat: boolean;
}

export const FORMAT_LABEL: Record<UpstreamFormat, string> = {
  'json-stat': 'JSON-stat 2.0',
  csv: 'CSV',
  'paged-json': 'paged HAL+JSON',
};

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SQL_NAME = /^[a-z][a-z0-9_]*$/;
const CRON_FIELD = /^[\d*,/-]+$/;

/** One line saying what is wrong with an option and what to do: the generator writes nothing. */
export class SourceOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceOptionError';
  }
}

interface CatalogueFile {
  sources: { id: string; table: string }[];
}

/** Check every option against the workspace and fill in the defaults. */
export function normalizeOptions(tree: Tree, raw: SourceGeneratorSchema): SourceOptions {
  const fail = (message: string): never => {
    throw new SourceOptionError(`source generator: ${message}`);
  };
  const id = raw.id?.trim() ?? '';
  if (!ID.test(id))
    fail(`"${id}" is not a source id: use lower-case words joined by hyphens (ssb-households).`);
  if (!['json-stat', 'csv', 'paged-json'].includes(raw.format))
    fail(`--format must be json-stat, csv or paged-json, not "${String(raw.format)}".`);
  if (!tree.exists(LAYOUT.catalogue))
    fail(`${LAYOUT.catalogue} does not exist: run the generator at the root of the Atlas workspace.`);
  const catalogue = JSON.parse(tree.read(LAYOUT.catalogue, 'utf-8') as string) as CatalogueFile;
  if (catalogue.sources.some((s) => s.id === id))
    fail(`source "${id}" is already in ${LAYOUT.catalogue}: choose another id.`);

  const table = raw.table ?? id.replaceAll('-', '_');
  if (!SQL_NAME.test(table))
    fail(`--table "${table}" is not a table name: lower-case letters, digits and _.`);
  const owner = catalogue.sources.find((s) => s.table === table);
  if (owner) fail(`raw.${table} is already the table of source "${owner.id}": pass another --table.`);
  if (tree.exists(`${LAYOUT.dbt}/models/staging/stg_${table}.sql`))
    fail(`${LAYOUT.dbt}/models/staging/stg_${table}.sql exists already: pass another --table.`);

  const schedule = (raw.schedule ?? '0 4 * * 1').trim();
  const fields = schedule.split(/\s+/);
  if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f)))
    fail(
      `--schedule "${schedule}" is not a cron of five fields (minute hour day month weekday), e.g. "0 4 * * 1".`,
    );

  const baseUrl = (raw.baseUrl ?? (raw.format === 'json-stat' ? 'https://data.ssb.no' : '')).replace(
    /\/+$/,
    '',
  );
  if (!baseUrl) fail(`--baseUrl is required for a ${raw.format} source: the upstream's https origin.`);
  let origin: URL | undefined;
  try {
    origin = new URL(baseUrl);
  } catch {
    fail(`--baseUrl "${baseUrl}" is not a URL: give the upstream's https origin, e.g. https://data.ssb.no.`);
  }
  if (origin?.protocol !== 'https:' || origin.search || origin.hash)
    fail(`--baseUrl "${baseUrl}" must be an https URL without a query, e.g. https://data.ssb.no.`);

  const path = raw.path ?? '';
  if (!path) {
    fail(
      raw.format === 'json-stat'
        ? "--path is required: the table's data path, e.g. /api/pxwebapi/v2/tables/07459/data."
        : `--path is required: the path of the ${raw.format === 'csv' ? 'file' : 'collection'} on ${baseUrl}.`,
    );
  }
  if (!/^\/[\w\-./~%]*$/.test(path) || path.includes('?'))
    fail(`--path "${path}" must start with / and carry no query (the source adds its own).`);

  const indicator = raw.indicator ?? table;
  if (!SQL_NAME.test(indicator))
    fail(`--indicator "${indicator}" is not an indicator id: lower-case letters, digits and _.`);
  const indicators = tree.read(LAYOUT.indicators, 'utf-8') ?? '';
  if (indicators.split('\n').some((line) => line.split(',')[0] === indicator))
    fail(`indicator "${indicator}" is already in ${LAYOUT.indicators}: pass another --indicator.`);

  const contentsCode = raw.contentsCode ?? 'Verdi';
  if (!/^[A-Za-z0-9_]+$/.test(contentsCode))
    fail(`--contentsCode "${contentsCode}" is not a PxWebApi content code.`);
  const unit = (raw.unit ?? 'value').trim();
  if (!unit) fail('--unit must not be empty: say what the values count (persons, percent, ...).');
  const title = (raw.title ?? `${id}: ${indicator.replaceAll('_', ' ')} per kommune and period`).trim();
  if (/[\n"]/.test(title)) fail('--title must be one line without double quotes.');

  return {
    id,
    format: raw.format,
    variable: names(id).propertyName,
    table,
    schedule: fields.join(' '),
    title,
    baseUrl,
    path,
    contentsCode,
    indicator,
    indicatorName: (raw.indicatorName ?? title).trim(),
    unit,
    fixtureFile: raw.format === 'json-stat' ? 'data.json' : raw.format === 'csv' ? 'data.csv' : 'page-0.json',
    skipFormat: raw.skipFormat ?? false,
  };
}
