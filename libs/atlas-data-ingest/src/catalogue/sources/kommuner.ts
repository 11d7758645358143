import { parseJson, PayloadError } from '../../parse/payload-error.js';
import { coerceRow } from '../../parse/values.js';
import { checkKommunenummer, KOMMUNENUMMER_COLUMN } from '../kommunenummer.js';
import type { RawRow, SourceDefinition, SourceRequest } from '../source-definition.js';

const ID = 'kommuner';
const PATH = '/api/klass/v1/classifications/131/codesAt';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * SSB KLASS classification 131 (Standard for kommuneinndeling): the kommuner valid on the load date,
 * from the codesAt endpoint, {"codes": [{"code", "name", "level", "validFrom", ...}]}.
 */
export const kommuner: SourceDefinition = {
  id: ID,
  title: 'SSB KLASS 131: kommuneinndeling (the municipality reference list)',
  baseUrl: 'https://data.ssb.no',
  format: 'klass-json',
  schedule: '0 2 * * 1',
  table: 'kommuner',
  columns: [
    KOMMUNENUMMER_COLUMN,
    { name: 'kommunenavn', type: 'text', nullable: false },
    { name: 'valid_from', type: 'date', nullable: true },
  ],
  firstRequest(): SourceRequest {
    return { method: 'GET', path: `${PATH}?date=${today()}` };
  },
  async fetch(ctx) {
    return [await ctx.request(this.firstRequest())];
  },
  parse(parts) {
    const rows: RawRow[] = [];
    for (const part of parts) {
      const json = parseJson(ID, part) as { codes?: unknown };
      if (typeof json !== 'object' || json === null || !Array.isArray(json.codes)) {
        throw new PayloadError(
          ID,
          'is missing or not an array: expected a KLASS codesAt response {"codes": [...]}',
          { field: 'codes' },
        );
      }
      if (json.codes.length === 0)
        throw new PayloadError(ID, 'is empty: KLASS returned no kommuner for the date', { field: 'codes' });
      json.codes.forEach((entry: unknown, i) => {
        const code = (entry ?? {}) as Record<string, unknown>;
        const row = `${i + 1}${typeof code['code'] === 'string' ? ` (code ${code['code']})` : ''}`;
        const fields: Record<string, unknown> = {
          kommunenummer: code['code'],
          kommunenavn: code['name'],
          valid_from: code['validFrom'] ?? code['validFromInRequestedRange'],
        };
        const values = coerceRow(
          { source: ID, row },
          this.columns,
          this.columns.map((c) => fields[c.name]),
        );
        checkKommunenummer(ID, row, values[0] ?? null);
        rows.push(values);
      });
    }
    return rows;
  },
  fixtureFor(method, pathAndQuery) {
    return method === 'GET' && pathAndQuery.split('?')[0] === PATH ? 'codes-at-2024-01-01.json' : undefined;
  },
};
