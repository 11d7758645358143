import { parseJson, PayloadError } from '../../../parse/payload-error.js';
import { coerceRow } from '../../../parse/values.js';
import { catalogueEntry } from '../../catalogue-entry.js';
import { checkKommunenummer, KOMMUNENUMMER_COLUMN } from '../../kommunenummer.js';
import type { SourceDefinition, SourceRequest } from '../../source-definition.js';

const ID = 'kommuner';
const PATH = '/api/klass/v1/classifications/131/codesAt';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * SSB KLASS classification 131 (Standard for kommuneinndeling): the codes valid on the load date,
 * from the codesAt endpoint, {"codes": [{"code", "parentCode", "level", "name", "shortName",
 * "presentationName", "validFrom", "validTo", "notes"}]}. codesAt leaves validFrom and validTo
 * null (the codes are valid at the date asked for), and the list carries 9999 "Uoppgitt": a
 * kommunenummer that is no kommune, which dbt's staging marks as such.
 */
export const kommuner: SourceDefinition = {
  ...catalogueEntry(ID),
  baseUrl: 'https://data.ssb.no',
  format: 'klass-json',
  columns: [
    KOMMUNENUMMER_COLUMN,
    { name: 'kommunenavn', type: 'text', nullable: false },
    { name: 'valid_from', type: 'date', nullable: true },
  ],
  firstRequest(): SourceRequest {
    return { method: 'GET', path: `${PATH}?date=${today()}` };
  },
  async *read(ctx) {
    const part = await ctx.text(this.firstRequest());
    const json = parseJson(ID, part) as { codes?: unknown };
    if (typeof json !== 'object' || json === null || !Array.isArray(json.codes)) {
      throw new PayloadError(
        ID,
        'is missing or not an array: expected a KLASS codesAt response {"codes": [...]}',
        {
          field: 'codes',
        },
      );
    }
    if (json.codes.length === 0)
      throw new PayloadError(ID, 'is empty: KLASS returned no kommuner for the date', { field: 'codes' });
    for (const [i, entry] of json.codes.entries()) {
      const code = (entry ?? {}) as Record<string, unknown>;
      for (const field of Object.keys(code)) ctx.shape.note('codes[] field', field);
      const row = `${i + 1}${typeof code['code'] === 'string' ? ` (code ${code['code']})` : ''}`;
      const values = coerceRow({ source: ID, row }, this.columns, [
        code['code'],
        code['name'],
        code['validFrom'],
      ]);
      checkKommunenummer(ID, row, values[0] ?? null);
      yield values;
    }
  },
  fixtureFor(method, pathAndQuery) {
    return method === 'GET' && pathAndQuery.split('?')[0] === PATH ? 'codes-at-2024-01-01.json' : undefined;
  },
};
