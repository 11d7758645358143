import { describeCell } from '../../../parse/json-stat.js';
import { PayloadError } from '../../../parse/payload-error.js';
import { coerceRow } from '../../../parse/values.js';
import { catalogueEntry } from '../../catalogue-entry.js';
import type { SourceDefinition, SourceRequest } from '../../source-definition.js';
import { readDataset, requireCategory } from '../../formats/json-stat-source.js';

const ID = 'fhi-life-expectancy';
/** FHI Statistikk open API, source "nokkel": table 660, life expectancy per kommune (507 is the county and country table). */
const DATA_PATH = '/api/open/v1/nokkel/Table/660/data';
const READ = ['GEO', 'AAR', 'KJONN'];
/** The categories the query fixes: at birth, every education level, FHI's smoothed measure. */
const FIXED = { ALDER: '0_0', UTDANN: '0', MEASURE_TYPE: 'MEIS' } as const;
const PERIOD = /^(\d{4})_(\d{4})$/;

/**
 * FHI Statistikk table 660: life expectancy at birth per kommune and sex over multi-year periods,
 * POSTed as a query with exactly one filter for each of the table's dimensions (GEO, AAR, KJONN,
 * ALDER, UTDANN, MEASURE_TYPE; FHI refuses a query that leaves one out), answered as JSON-stat 2.0.
 * Every period is fetched (filter "all": FHI's "top" counts from the oldest category). GEO, the
 * period code (1999_2023) and the sex code are loaded as FHI writes them; dbt's staging keeps the
 * kommuner and names the sexes.
 */
export const fhiLifeExpectancy: SourceDefinition = {
  ...catalogueEntry(ID),
  baseUrl: 'https://statistikk-data.fhi.no',
  format: 'json-stat-2.0',
  columns: [
    { name: 'geo_code', type: 'text', nullable: false },
    { name: 'period_code', type: 'text', nullable: false },
    { name: 'sex_code', type: 'text', nullable: false },
    { name: 'life_expectancy', type: 'numeric', nullable: true },
  ],
  firstRequest(): SourceRequest {
    return {
      method: 'POST',
      path: DATA_PATH,
      body: {
        dimensions: [
          { code: 'GEO', filter: 'all', values: ['*'] },
          { code: 'AAR', filter: 'all', values: ['*'] },
          { code: 'KJONN', filter: 'item', values: ['0', '1', '2'] },
          { code: 'ALDER', filter: 'item', values: [FIXED.ALDER] },
          { code: 'UTDANN', filter: 'item', values: [FIXED.UTDANN] },
          { code: 'MEASURE_TYPE', filter: 'item', values: [FIXED.MEASURE_TYPE] },
        ],
        response: { format: 'json-stat2' },
      },
    };
  },
  async *read(ctx) {
    const part = await ctx.text(this.firstRequest());
    const dataset = readDataset(
      part,
      { source: ID, dimensions: READ, coded: ['KJONN', 'ALDER', 'UTDANN', 'MEASURE_TYPE'], formed: ['AAR'] },
      ctx.shape,
    );
    for (const [dimension, code] of Object.entries(FIXED)) requireCategory(ID, dataset, dimension, code);
    let rows = 0;
    for (const cell of dataset.cells()) {
      const row = describeCell(cell, READ);
      const period = PERIOD.exec(cell.codes['AAR'] as string);
      if (!period || Number(period[2]) <= Number(period[1])) {
        throw new PayloadError(ID, `"${cell.codes['AAR']}" is not a span of years (1999_2023)`, {
          row,
          field: 'period_code',
        });
      }
      rows++;
      yield coerceRow({ source: ID, row }, this.columns, [
        cell.codes['GEO'],
        cell.codes['AAR'],
        cell.codes['KJONN'],
        cell.value,
      ]);
    }
    if (rows === 0) throw new PayloadError(ID, 'the dataset holds no cells', { field: 'GEO' });
  },
  fixtureFor(method, pathAndQuery) {
    return method === 'POST' && pathAndQuery.split('?')[0] === DATA_PATH ? 'life-expectancy.json' : undefined;
  },
};
