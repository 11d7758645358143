import { describeCell } from '../../../parse/json-stat.js';
import { PayloadError } from '../../../parse/payload-error.js';
import { coerceRow } from '../../../parse/values.js';
import { catalogueEntry } from '../../catalogue-entry.js';
import type { RawValue, SourceDefinition, SourceRequest } from '../../source-definition.js';
import { readDataset } from '../../formats/json-stat-source.js';

const ID = 'ssb-crime';
const TABLE_PATH = '/api/pxwebapi/v2/tables/08487/data';
const DIMENSIONS = ['Gjerningssted', 'LovbruddKrim', 'ContentsCode', 'Tid'];
/** Content code → raw column: the count and the rate per 1000 residents, both two-year averages. */
const CONTENTS: Record<string, 'reported_offences' | 'offences_per_1000'> = {
  AnmeldteLovbrudd: 'reported_offences',
  AnmLovbrPer1000: 'offences_per_1000',
};
const TWO_YEARS = /^(\d{4})-(\d{4})$/;

/**
 * SSB table 08487: offences reported to the police by the place the offence took place
 * (Gjerningssted) and offence group, as two-year averages over two-year periods (Tid "2023-2024"),
 * through PxWebApi v2 as JSON-stat 2.0. One raw row per place, group and period, the two content
 * codes side by side. Everything SSB answers is loaded as written: kommuner and former kommuner,
 * counties, the XX99 "unknown kommune" buckets and the national totals (0, Ialt); and all 16
 * groups, the 7 of today's grouping and the 9 of the grouping before 2015, whose figures stop at
 * 2013-2014. dbt's staging classifies the places and the seed offence_groups the groups.
 */
export const ssbCrime: SourceDefinition = {
  ...catalogueEntry(ID),
  baseUrl: 'https://data.ssb.no',
  format: 'json-stat-2.0',
  columns: [
    { name: 'region_code', type: 'text', nullable: false },
    { name: 'region_label', type: 'text', nullable: false },
    { name: 'offence_group_code', type: 'text', nullable: false },
    { name: 'offence_group_label', type: 'text', nullable: false },
    { name: 'period', type: 'text', nullable: false },
    { name: 'reported_offences', type: 'numeric', nullable: true },
    { name: 'offences_per_1000', type: 'numeric', nullable: true },
  ],
  firstRequest(): SourceRequest {
    const query = new URLSearchParams({
      lang: 'no',
      outputFormat: 'json-stat2',
      'valueCodes[Gjerningssted]': '*',
      'valueCodes[LovbruddKrim]': '*',
      'valueCodes[ContentsCode]': Object.keys(CONTENTS).join(','),
      'valueCodes[Tid]': 'top(2)',
    });
    return { method: 'GET', path: `${TABLE_PATH}?${query.toString()}` };
  },
  async *read(ctx) {
    const part = await ctx.text(this.firstRequest());
    const dataset = readDataset(
      part,
      { source: ID, dimensions: DIMENSIONS, coded: ['LovbruddKrim', 'ContentsCode'], formed: ['Tid'] },
      ctx.shape,
    );
    // The two content codes of one place, group and period are two cells; they become one row.
    const records = new Map<string, Record<string, unknown>>();
    for (const cell of dataset.cells()) {
      const row = describeCell(cell, DIMENSIONS);
      const column = CONTENTS[cell.codes['ContentsCode'] as string];
      if (!column)
        throw new PayloadError(ID, `content code "${cell.codes['ContentsCode']}" was not asked for`, {
          row,
          field: 'ContentsCode',
        });
      const period = cell.codes['Tid'] as string;
      const years = TWO_YEARS.exec(period);
      if (!years || Number(years[2]) !== Number(years[1]) + 1) {
        throw new PayloadError(
          ID,
          `"${period}" is not a two-year period (2023-2024): the table's time variable changed`,
          {
            row,
            field: 'period',
          },
        );
      }
      const key = [cell.codes['Gjerningssted'], cell.codes['LovbruddKrim'], period].join('\u0000');
      let record = records.get(key);
      if (!record) {
        record = {
          row,
          region_code: cell.codes['Gjerningssted'],
          region_label: cell.labels['Gjerningssted'],
          offence_group_code: cell.codes['LovbruddKrim'],
          offence_group_label: cell.labels['LovbruddKrim'],
          period,
          reported_offences: null,
          offences_per_1000: null,
        };
        records.set(key, record);
      }
      record[column] = cell.value;
    }
    if (records.size === 0)
      throw new PayloadError(ID, 'the dataset holds no cells: the query or the table changed');
    for (const record of records.values()) {
      const values: RawValue[] = coerceRow(
        { source: ID, row: record['row'] as string },
        this.columns,
        this.columns.map((c) => record[c.name]),
      );
      yield values;
    }
  },
  fixtureFor(method, pathAndQuery) {
    return method === 'GET' && pathAndQuery.split('?')[0] === TABLE_PATH ? '08487.json' : undefined;
  },
};
