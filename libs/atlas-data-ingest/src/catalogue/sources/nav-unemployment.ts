import { parseDelimited } from '../../parse/csv.js';
import { PayloadError } from '../../parse/payload-error.js';
import { coerceRow } from '../../parse/values.js';
import { checkKommunenummer, KOMMUNENUMMER_COLUMN } from '../kommunenummer.js';
import type { RawRow, SourceDefinition, SourceRequest } from '../source-definition.js';

const ID = 'nav-unemployment';
const PATH = '/api/arbeidsmarked/v1/helt-ledige/kommune.csv';

/** CSV header → column. NAV writes Norwegian headers, months as YYYY-MM and decimals with a comma. */
const HEADERS = {
  kommunenummer: 'Kommunenummer',
  month: 'Måned',
  registered_unemployed: 'Helt ledige',
  percent_of_labour_force: 'Helt ledige i prosent av arbeidsstyrken',
} as const;

const MONTH = /^(\d{4})-(\d{2})$/;

/**
 * NAV: registered fully unemployed per kommune and month, and their share of the labour force, as a
 * semicolon-separated file (UTF-8, header row, decimal comma).
 */
export const navUnemployment: SourceDefinition = {
  id: ID,
  title: 'NAV: registered fully unemployed per kommune and month',
  baseUrl: 'https://data.nav.no',
  format: 'csv-semicolon',
  schedule: '30 3 * * *',
  table: 'nav_unemployment',
  columns: [
    KOMMUNENUMMER_COLUMN,
    { name: 'month', type: 'date', nullable: false },
    { name: 'registered_unemployed', type: 'int', nullable: true },
    { name: 'percent_of_labour_force', type: 'numeric', nullable: true },
  ],
  firstRequest(): SourceRequest {
    return { method: 'GET', path: PATH, accept: 'text/csv' };
  },
  async fetch(ctx) {
    return [await ctx.request(this.firstRequest())];
  },
  parse(parts) {
    const rows: RawRow[] = [];
    for (const part of parts) {
      const [header, ...records] = parseDelimited(ID, part.body, ';');
      if (!header) throw new PayloadError(ID, `the file from ${part.url} is empty`);
      const names = header.map((h) => h.trim());
      const position = Object.fromEntries(
        Object.entries(HEADERS).map(([column, title]) => {
          const at = names.indexOf(title);
          if (at < 0) {
            throw new PayloadError(
              ID,
              `column "${title}" is missing from the CSV header (it has ${names.map((n) => `"${n}"`).join(', ')}): the file format changed, update the source definition`,
              { field: column },
            );
          }
          return [column, at];
        }),
      ) as Record<keyof typeof HEADERS, number>;
      records.forEach((record, i) => {
        const row = i + 2; // line number in the file, the header being line 1
        if (record.length !== names.length) {
          throw new PayloadError(ID, `has ${record.length} fields, the header ${names.length}`, { row });
        }
        const month = (record[position.month] ?? '').trim();
        const match = MONTH.exec(month);
        const record2: Record<string, unknown> = {
          kommunenummer: record[position.kommunenummer]?.trim(),
          month: match ? `${match[1]}-${match[2]}-01` : month,
          registered_unemployed: record[position.registered_unemployed]?.replace(/[\s\u00a0]/g, ''),
          percent_of_labour_force: record[position.percent_of_labour_force]
            ?.replace(/[\s\u00a0]/g, '')
            .replace(',', '.'),
        };
        const values = coerceRow(
          { source: ID, row },
          this.columns,
          this.columns.map((c) => record2[c.name]),
        );
        checkKommunenummer(ID, row, values[0] ?? null);
        rows.push(values);
      });
    }
    return rows;
  },
  fixtureFor(method, pathAndQuery) {
    return method === 'GET' && pathAndQuery.split('?')[0] === PATH ? 'helt-ledige-kommune.csv' : undefined;
  },
};
