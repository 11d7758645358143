import { PayloadError } from '../../parse/payload-error.js';
import { KOMMUNENUMMER_COLUMN } from '../kommunenummer.js';
import type { SourceDefinition, SourceRequest } from '../source-definition.js';
import { jsonStatRows } from './json-stat-source.js';

const ID = 'ssb-crime';
const TABLE_PATH = '/api/pxwebapi/v2/tables/08487/data';
const CONTENTS = 'Lovbrudd1000';

/**
 * SSB table 08487: offences reported to the police per 1000 residents, by the kommune where the
 * offence took place and offence group (lovbruddsgruppe), through PxWebApi v2 as JSON-stat 2.0.
 * The offence group is loaded as SSB labels it; dbt maps the labels (seed offence_groups).
 */
export const ssbCrime: SourceDefinition = {
  id: ID,
  title: 'SSB table 08487: offences reported per 1000 residents, by offence group',
  baseUrl: 'https://data.ssb.no',
  format: 'json-stat-2.0',
  schedule: '30 2 * * 1',
  table: 'ssb_crime',
  columns: [
    KOMMUNENUMMER_COLUMN,
    { name: 'year', type: 'int', nullable: false },
    { name: 'offence_group', type: 'text', nullable: false },
    { name: 'offences_per_1000', type: 'numeric', nullable: true },
  ],
  firstRequest(): SourceRequest {
    const query = new URLSearchParams({
      lang: 'no',
      outputFormat: 'json-stat2',
      'codelist[Region]': 'agg_KommGjerning',
      'valueCodes[Region]': '*',
      'valueCodes[LovbruddKrim]': '*',
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
      dimensions: ['Region', 'LovbruddKrim', 'ContentsCode', 'Tid'],
      keep: (cell) => cell.codes['ContentsCode'] === CONTENTS,
      toRecord: (cell) => ({
        kommunenummer: cell.codes['Region'],
        year: cell.codes['Tid'],
        offence_group: cell.labels['LovbruddKrim'],
        offences_per_1000: cell.value,
      }),
    });
    if (rows.length === 0)
      throw new PayloadError(ID, `no cells of content ${CONTENTS}: the query or the table changed`, {
        field: 'ContentsCode',
      });
    return rows;
  },
  fixtureFor(method, pathAndQuery) {
    return method === 'GET' && pathAndQuery.split('?')[0] === TABLE_PATH ? '08487.json' : undefined;
  },
};
