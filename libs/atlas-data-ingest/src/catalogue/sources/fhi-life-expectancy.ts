import { PayloadError } from '../../parse/payload-error.js';
import { isKommunenummer, KOMMUNENUMMER_COLUMN } from '../kommunenummer.js';
import type { SourceDefinition, SourceRequest } from '../source-definition.js';
import { jsonStatRows } from './json-stat-source.js';

const ID = 'fhi-life-expectancy';
/** FHI Statistikk open API: source "nokkel" (Folkehelseprofiler, key figures), life expectancy table. */
const DATA_PATH = '/api/open/v1/nokkel/Table/334/data';

/**
 * FHI Statistikk: life expectancy at birth per kommune, sex and multi-year period, POSTed query
 * answered as JSON-stat 2.0. FHI answers for the country and counties too; only kommuner
 * (four-digit GEO codes) are loaded. Period is loaded as FHI's code (2016_2022), sex as its label.
 */
export const fhiLifeExpectancy: SourceDefinition = {
  id: ID,
  title: 'FHI Statistikk: life expectancy at birth, by sex, over multi-year periods',
  baseUrl: 'https://statistikk-data.fhi.no',
  format: 'json-stat-2.0',
  schedule: '45 2 * * 1',
  table: 'fhi_life_expectancy',
  columns: [
    KOMMUNENUMMER_COLUMN,
    { name: 'period', type: 'text', nullable: false },
    { name: 'sex', type: 'text', nullable: false },
    { name: 'life_expectancy', type: 'numeric', nullable: true },
  ],
  firstRequest(): SourceRequest {
    return {
      method: 'POST',
      path: DATA_PATH,
      body: {
        dimensions: [
          { code: 'GEO', filter: 'all', values: ['*'] },
          { code: 'AAR', filter: 'top', values: ['1'] },
          { code: 'KJONN', filter: 'item', values: ['0', '1', '2'] },
          { code: 'MEASURE_TYPE', filter: 'item', values: ['MEIS'] },
        ],
        response: { format: 'json-stat2' },
      },
    };
  },
  async fetch(ctx) {
    return [await ctx.request(this.firstRequest())];
  },
  parse(parts) {
    const rows = jsonStatRows(parts, {
      source: ID,
      columns: this.columns,
      dimensions: ['GEO', 'AAR', 'KJONN'],
      keep: (cell) => isKommunenummer(cell.codes['GEO'] ?? ''),
      toRecord: (cell) => ({
        kommunenummer: cell.codes['GEO'],
        period: cell.codes['AAR'],
        sex: cell.labels['KJONN'],
        life_expectancy: cell.value,
      }),
    });
    if (rows.length === 0)
      throw new PayloadError(ID, 'no kommune (four-digit GEO code) in the dataset', { field: 'GEO' });
    return rows;
  },
  fixtureFor(method, pathAndQuery) {
    return method === 'POST' && pathAndQuery.split('?')[0] === DATA_PATH ? 'life-expectancy.json' : undefined;
  },
};
