/**
 * The figures api_v1 must serve for the recorded fixtures, read straight from the fixture files
 * with code of its own: not the ingest's readers, so a reader that drops, shifts or mislabels a
 * figure is caught by comparing what the API serves with what the publisher's file says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FIXTURES_DIR, norwegianMonth, REFERENCE_KOMMUNENUMMER } from '@atlas/atlas-data-ingest';
import ExcelJS from 'exceljs';

/** One figure: the api_v1 relation, the kommune, what (indicator or column), when, how much. */
export interface ExpectedValue {
  relation: 'kommune_indicators' | 'kommune_businesses';
  kommunenummer: string;
  indicatorId: string;
  /** The API's period; empty for kommune_businesses (the load date is not in the file). */
  period: string;
  value: number;
}

interface Dataset {
  id: string[];
  size: number[];
  dimension: Record<string, { category: { index: string[] | Record<string, number> } }>;
  value: (number | null)[] | Record<string, number | null>;
}

/** The position of each category code of a JSON-stat dimension. */
function positions(dataset: Dataset, dimension: string): Map<string, number> {
  const index = (dataset.dimension[dimension] as Dataset['dimension'][string]).category.index;
  return new Map(Array.isArray(index) ? index.map((code, i) => [code, i]) : Object.entries(index));
}

/** The value of one cell, given a category code per dimension (row-major, last dimension fastest). */
function cell(dataset: Dataset, codes: Record<string, string>): number | null {
  let flat = 0;
  dataset.id.forEach((dimension, d) => {
    const at = positions(dataset, dimension).get(codes[dimension] as string);
    if (at === undefined) throw new Error(`no category ${codes[dimension]} in ${dimension}`);
    flat = flat * (dataset.size[d] as number) + at;
  });
  const value = Array.isArray(dataset.value) ? dataset.value[flat] : dataset.value[String(flat)];
  return value ?? null;
}

function codes(dataset: Dataset, dimension: string): string[] {
  return [...positions(dataset, dimension).keys()];
}

function readJson<T>(...path: string[]): T {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, ...path), 'utf8')) as T;
}

/** offence group code → id of the current grouping, from the dbt seed (the published mapping). */
function offenceGroupIds(projectDir: string): Map<string, string> {
  const [, ...lines] = readFileSync(join(projectDir, 'seeds', 'offence_groups.csv'), 'utf8')
    .trim()
    .split('\n');
  const ids = new Map<string, string>();
  for (const line of lines) {
    const [code, id, grouping] = line.split(',');
    if (grouping === 'current' && code && id) ids.set(code, id);
  }
  return ids;
}

function population(kommuner: readonly string[]): ExpectedValue[] {
  const dataset = readJson<Dataset>('ssb-population', '07459.json');
  return kommuner.flatMap((k) =>
    codes(dataset, 'Tid').flatMap((year) => {
      const value = cell(dataset, { Region: `K-${k}`, ContentsCode: 'Personer1', Tid: year });
      return value === null
        ? []
        : [
            {
              relation: 'kommune_indicators' as const,
              kommunenummer: k,
              indicatorId: 'population',
              period: year,
              value,
            },
          ];
    }),
  );
}

function crime(kommuner: readonly string[], groups: Map<string, string>): ExpectedValue[] {
  const dataset = readJson<Dataset>('ssb-crime', '08487.json');
  const out: ExpectedValue[] = [];
  for (const k of kommuner)
    for (const [code, id] of groups)
      for (const period of codes(dataset, 'Tid')) {
        const value = cell(dataset, {
          Gjerningssted: k,
          LovbruddKrim: code,
          ContentsCode: 'AnmLovbrPer1000',
          Tid: period,
        });
        if (value !== null)
          out.push({
            relation: 'kommune_indicators',
            kommunenummer: k,
            indicatorId: `crime_per_1000_${id}`,
            period,
            value,
          });
      }
  return out;
}

function lifeExpectancy(kommuner: readonly string[]): ExpectedValue[] {
  const dataset = readJson<Dataset>('fhi-life-expectancy', 'life-expectancy.json');
  const sexes: Record<string, string> = { '0': 'total', '1': 'male', '2': 'female' };
  const out: ExpectedValue[] = [];
  for (const k of kommuner)
    for (const aar of codes(dataset, 'AAR'))
      for (const [code, sex] of Object.entries(sexes)) {
        const value = cell(dataset, {
          GEO: k,
          AAR: aar,
          KJONN: code,
          ALDER: '0_0',
          UTDANN: '0',
          MEASURE_TYPE: 'MEIS',
        });
        if (value !== null)
          out.push({
            relation: 'kommune_indicators',
            kommunenummer: k,
            indicatorId: `life_expectancy_${sex}`,
            period: aar.replace('_', '-'),
            value,
          });
      }
  return out;
}

/** HL060: per sheet, the month columns from the row of month names, the year from the period cell. */
async function unemployment(kommuner: readonly string[]): Promise<ExpectedValue[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(join(FIXTURES_DIR, 'nav-unemployment', 'HL060.xlsx'));
  const out: ExpectedValue[] = [];
  for (const [sheet, indicatorId] of [
    ['3. Kommune Antall', 'unemployed_persons'],
    ['4. Kommune Prosent av arbeidsst', 'unemployment_percent'],
  ] as const) {
    const worksheet = workbook.getWorksheet(sheet);
    if (!worksheet) throw new Error(`HL060.xlsx has no sheet ${sheet}`);
    let year: string | undefined;
    let months: Map<number, number> | undefined;
    worksheet.eachRow((row) => {
      const label = String(row.getCell(2).value ?? '').trim();
      if (!months) {
        year = /(\d{4})$/.exec(label)?.[1] ?? year;
        const header = new Map<number, number>();
        row.eachCell((c, column) => {
          const month = norwegianMonth(String(c.value)) ?? 0;
          if (column > 2 && month > 0) header.set(column, month);
        });
        if (header.size > 0) months = header;
        return;
      }
      const k = kommuner.find((nummer) => label.startsWith(`${nummer} `));
      if (!k) return;
      for (const [column, month] of months) {
        const value = row.getCell(column).value;
        if (typeof value === 'number')
          out.push({
            relation: 'kommune_indicators',
            kommunenummer: k,
            indicatorId,
            period: `${year}-${String(month).padStart(2, '0')}`,
            value,
          });
      }
    });
  }
  return out;
}

/** Every kommune of the bulk file: its units (by business address) and their published headcounts. */
function businesses(): ExpectedValue[] {
  const units = JSON.parse(
    gunzipSync(readFileSync(join(FIXTURES_DIR, 'brreg-enheter', 'enheter_alle.json.gz'))).toString('utf8'),
  ) as { forretningsadresse?: { kommunenummer?: string }; antallAnsatte?: number }[];
  const perKommune = new Map<string, { organisations: number; employees: number }>();
  for (const unit of units) {
    const k = unit.forretningsadresse?.kommunenummer;
    if (!k) continue;
    const entry = perKommune.get(k) ?? { organisations: 0, employees: 0 };
    entry.organisations++;
    entry.employees += unit.antallAnsatte ?? 0;
    perKommune.set(k, entry);
  }
  return [...perKommune].flatMap(([k, { organisations, employees }]) => [
    {
      relation: 'kommune_businesses' as const,
      kommunenummer: k,
      indicatorId: 'organisation_count',
      period: '',
      value: organisations,
    },
    {
      relation: 'kommune_businesses' as const,
      kommunenummer: k,
      indicatorId: 'employee_count',
      period: '',
      value: employees,
    },
  ]);
}

/** Everything the API must serve for the sampled kommuner (the reference list) and the bulk file. */
export async function fixtureExpectations(
  projectDir: string,
  kommuner: readonly string[] = REFERENCE_KOMMUNENUMMER,
): Promise<ExpectedValue[]> {
  return [
    ...population(kommuner),
    ...crime(kommuner, offenceGroupIds(projectDir)),
    ...lifeExpectancy(kommuner),
    ...(await unemployment(kommuner)),
    ...businesses(),
  ];
}
