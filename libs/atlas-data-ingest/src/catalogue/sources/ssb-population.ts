import { PayloadError } from '../../parse/payload-error.js';
import { KOMMUNENUMMER_COLUMN } from '../kommunenummer.js';
import type { SourceDefinition, SourceRequest } from '../source-definition.js';
import { jsonStatRows } from './json-stat-source.js';

const ID = 'ssb-population';
const TABLE_PATH = '/api/pxwebapi/v2/tables/07459/data';
const CONTENTS = 'Personer1';

/**
 * SSB table 07459 (population per kommune, sex and age, 1 January) through PxWebApi v2, as
 * JSON-stat 2.0. Sex and age are eliminated (totals); the two latest years are fetched.
 */
export const ssbPopulation: SourceDefinition = {
  id: ID,
  title: 'SSB table 07459: residents per kommune on 1 January',
  baseUrl: 'https://data.ssb.no',
  format: 'json-stat-2.0',
  schedule: '15 2 * * 1',
  table: 'ssb_population',
  columns: [
    KOMMUNENUMMER_COLUMN,
    { name: 'year', type: 'int', nullable: false },
    { name: 'population', type: 'int', nullable: true },
  ],
  firstRequest(): SourceRequest {
    const query = new URLSearchParams({
      lang: 'no',
      outputFormat: 'json-stat2',
      'codelist[Region]': 'agg_KommSummer',
      'valueCodes[Region]': '*',
      'valueCodes[ContentsCode]': CONTENTS,
      'valueCodes[Tid]': 'top(2)',
    });
    return { method: 'GET', path: `${TABLE_PATH}?${query.toString()}` };
  },
  async fetch(ctx) {
    return [await ctx.request(this.firstRequest())];
  },
  parse(parts) {
    const rows = jsonStatRows(parts, {
      source: ID,
      columns: this.columns,
      dimensions: ['Region', 'ContentsCode', 'Tid'],
      keep: (cell) => cell.codes['ContentsCode'] === CONTENTS,
      toRecord: (cell) => ({
        kommunenummer: cell.codes['Region'],
        year: cell.codes['Tid'],
        population: cell.value,
      }),
    });
    if (rows.length === 0)
      throw new PayloadError(ID, `no cells of content ${CONTENTS}: the query or the table changed`, {
        field: 'ContentsCode',
      });
    return rows;
  },
  fixtureFor(method, pathAndQuery) {
    return method === 'GET' && pathAndQuery.split('?')[0] === TABLE_PATH ? '07459.json' : undefined;
  },
};
