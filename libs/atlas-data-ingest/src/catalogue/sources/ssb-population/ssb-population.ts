import { describeCell } from '../../../parse/json-stat.js';
import { PayloadError } from '../../../parse/payload-error.js';
import { coerceRow } from '../../../parse/values.js';
import { catalogueEntry } from '../../catalogue-entry.js';
import type { SourceDefinition, SourceRequest } from '../../source-definition.js';
import { readDataset } from '../../formats/json-stat-source.js';

const ID = 'ssb-population';
const TABLE_PATH = '/api/pxwebapi/v2/tables/07459/data';
const CONTENTS = 'Personer1';
const DIMENSIONS = ['Region', 'ContentsCode', 'Tid'];
/** With codelist agg_KommSummer, SSB answers each kommune as K-<kommunenummer>, summed over mergers. */
const REGION = /^K-\d{4}$/;
const YEAR = /^\d{4}$/;

/**
 * SSB table 07459 (population per region, sex and age, 1 January) through PxWebApi v2 as
 * JSON-stat 2.0, with the grouping agg_KommSummer: today's kommuner as time series summed over
 * earlier mergers. Sex and age are eliminated (totals); the two latest years are fetched. The
 * region code is loaded as SSB writes it (K-0301); dbt's staging strips the prefix.
 */
export const ssbPopulation: SourceDefinition = {
  ...catalogueEntry(ID),
  baseUrl: 'https://data.ssb.no',
  format: 'json-stat-2.0',
  columns: [
    { name: 'region_code', type: 'text', nullable: false },
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
  async *read(ctx) {
    const part = await ctx.text(this.firstRequest());
    const dataset = readDataset(
      part,
      { source: ID, dimensions: DIMENSIONS, coded: ['ContentsCode'], formed: ['Region', 'Tid'] },
      ctx.shape,
    );
    let rows = 0;
    for (const cell of dataset.cells()) {
      if (cell.codes['ContentsCode'] !== CONTENTS) continue;
      const row = describeCell(cell, DIMENSIONS);
      const region = cell.codes['Region'] as string;
      if (!REGION.test(region)) {
        throw new PayloadError(
          ID,
          `"${region}" is not a region of the agg_KommSummer grouping (K-<kommunenummer>): SSB did not apply codelist[Region], check the request`,
          { row, field: 'region_code' },
        );
      }
      if (!YEAR.test(cell.codes['Tid'] as string))
        throw new PayloadError(ID, `"${cell.codes['Tid']}" is not a year`, { row, field: 'year' });
      rows++;
      yield coerceRow({ source: ID, row }, this.columns, [region, cell.codes['Tid'], cell.value]);
    }
    if (rows === 0)
      throw new PayloadError(ID, `no cells of content ${CONTENTS}: the query or the table changed`, {
        field: 'ContentsCode',
      });
  },
  fixtureFor(method, pathAndQuery) {
    return method === 'GET' && pathAndQuery.split('?')[0] === TABLE_PATH ? '07459.json' : undefined;
  },
};
