import { norwegianMonth } from '../../../parse/norwegian-month.js';
import { PayloadError } from '../../../parse/payload-error.js';
import { coerceValue } from '../../../parse/values.js';
import { columnLetter, xlsxRows, type CellValue } from '../../../parse/xlsx.js';
import { catalogueEntry } from '../../catalogue-entry.js';
import type { ColumnSpec, RawRow, SourceDefinition, SourceRequest } from '../../source-definition.js';
import { discoverHl060Path } from './nav-hl060-discovery.js';

const ID = 'nav-unemployment';
/** NAV's statistics page for fully unemployed; it links the current HL060 workbook. */
const PAGE_PATH = '/no/nav-og-samfunn/statistikk/arbeidssokere-og-stillinger-statistikk/helt-ledige';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COUNT_SHEET = '3. Kommune Antall';
const SHARE_SHEET = '4. Kommune Prosent av arbeidsst';
const LABEL_COLUMN = 1; // column B: column A is empty throughout the report
/** The sheet's period cell, e.g. "Januar - august 2026": one year per workbook. */
const PERIOD = /^([A-Za-zÆØÅæøå]+)\s*-\s*([A-Za-zÆØÅæøå]+)\s+(\d{4})$/;
/** NAV's mark for a cell it suppresses (fewer than 4 persons). */
const SUPPRESSED = '*';

type RowKind = 'kommune' | 'county total' | 'unknown' | 'other';

/** What a labelled row is: "0301 Oslo - Oslove", "I alt Oslo - Oslove", "Ukjent", or anything else. */
function rowKind(label: string): RowKind {
  if (/^\d{4}\s+\S/.test(label)) return 'kommune';
  if (/^I alt\s+\S/.test(label)) return 'county total';
  if (label === 'Ukjent') return 'unknown';
  return 'other';
}

function monthOf(value: CellValue): number | undefined {
  return typeof value === 'string' ? norwegianMonth(value) : undefined;
}

interface SheetFigures {
  year: number;
  months: number[];
  /** label → value per month (in `months` order), null where NAV suppresses it; in sheet order. */
  rows: Map<string, (number | null)[]>;
}

/**
 * One sheet of HL060, fed row by row: a repeating block per county (a bare county header row, a
 * row of month names, the county's "I alt" total, its kommune rows), then Svalbard's and
 * "Ukjent"'s blocks. Every data row is kept with its label as NAV writes it; the months come from
 * the month row.
 */
class SheetReader {
  private year: number | undefined;
  private columns: { at: number; month: number }[] | undefined;
  private readonly rows = new Map<string, (number | null)[]>();

  constructor(
    private readonly sheet: string,
    private readonly column: ColumnSpec,
    private readonly note: (aspect: string, value: string) => void,
  ) {}

  add(number: number, cells: readonly CellValue[]): void {
    const labelCell = cells[LABEL_COLUMN] ?? null;
    const label =
      typeof labelCell === 'string' ? labelCell.trim() : labelCell === null ? '' : String(labelCell);
    const rest = cells.slice(LABEL_COLUMN + 1);
    const filled = (c: CellValue | undefined) => c !== null && c !== undefined && c !== '';
    const monthRow = rest.some(filled) && rest.every((c) => !filled(c) || monthOf(c ?? null) !== undefined);
    if (!this.columns) {
      const period = PERIOD.exec(label);
      if (period && monthOf(period[1] as string)) this.year = Number(period[3]);
      if (monthRow) {
        this.columns = rest.flatMap((c, i) =>
          filled(c) ? [{ at: LABEL_COLUMN + 1 + i, month: monthOf(c ?? null) as number }] : [],
        );
        this.note('month row', 'found');
      }
      return;
    }
    if (monthRow) return; // repeated for every county block
    const values = this.columns.map(({ at }) => cells[at] ?? null);
    if (!values.some(filled)) return; // county headers, the bare "Ukjent" header, blank lines, notes
    const where = `${this.sheet} row ${number}`;
    if (!label)
      throw new PayloadError(ID, 'has figures but no label in column B: the layout changed', { row: where });
    const kind = rowKind(label);
    if (kind === 'other') {
      throw new PayloadError(
        ID,
        `"${label}" has figures but is neither a kommune row ("0301 Oslo"), a county total ("I alt …") nor "Ukjent": the layout changed, update the source definition`,
        { row: where },
      );
    }
    this.note('row kind', kind);
    if (this.rows.has(label)) throw new PayloadError(ID, `"${label}" appears twice`, { row: where });
    const columns = this.columns;
    this.rows.set(
      label,
      values.map((value, i) => {
        const cell = `${where}, column ${columnLetter(columns[i]?.at ?? 0)}`;
        if (value === SUPPRESSED) return null;
        if (typeof value !== 'number')
          throw new PayloadError(
            ID,
            `${JSON.stringify(value)} is neither a number nor NAV's suppression mark "*"`,
            {
              row: cell,
              field: this.column.name,
            },
          );
        return coerceValue({ source: ID, row: cell }, this.column, value) as number;
      }),
    );
  }

  finish(): SheetFigures {
    if (this.year === undefined)
      throw new PayloadError(ID, 'no period cell ("Januar - august 2026") before the month row', {
        field: `sheet ${this.sheet}`,
      });
    if (!this.columns) throw new PayloadError(ID, 'no row of month names', { field: `sheet ${this.sheet}` });
    return { year: this.year, months: this.columns.map((c) => c.month), rows: this.rows };
  }
}

/**
 * NAV HL060 "Helt ledige. Fylke og kommune. Tidsserie måned": registered fully unemployed per
 * kommune and month, as persons (sheet 3) and as a share of the labour force (sheet 4). The
 * workbook is found through the statistics page (its path changes with every release), streamed,
 * and read with the months as columns; `*` (fewer than 4 persons) becomes null. Rows are loaded
 * with NAV's labels: kommuner ("0301 Oslo - Oslove", Svalbard's "2100 Svalbard" among them),
 * county totals ("I alt …") and "Ukjent"; dbt's staging tells them apart.
 */
export const navUnemployment: SourceDefinition = {
  ...catalogueEntry(ID),
  baseUrl: 'https://www.nav.no',
  format: 'xlsx',
  columns: [
    { name: 'region_label', type: 'text', nullable: false },
    { name: 'month', type: 'date', nullable: false },
    { name: 'registered_unemployed', type: 'int', nullable: true },
    { name: 'percent_of_labour_force', type: 'numeric', nullable: true },
  ],
  firstRequest(): SourceRequest {
    return { method: 'GET', path: PAGE_PATH, accept: 'text/html' };
  },
  async *read(ctx) {
    const page = await ctx.text(this.firstRequest());
    const path = discoverHl060Path(ID, page.url, page.body);
    ctx.shape.note('page link', 'HL060 workbook');
    const workbook = await ctx.stream({ method: 'GET', path, accept: XLSX_TYPE });
    const note = (aspect: string, value: string) => ctx.shape.note(aspect, value);
    const readers: Record<string, SheetReader> = {
      [COUNT_SHEET]: new SheetReader(COUNT_SHEET, this.columns[2] as ColumnSpec, note),
      [SHARE_SHEET]: new SheetReader(SHARE_SHEET, this.columns[3] as ColumnSpec, note),
    };
    for await (const row of xlsxRows(ID, workbook.url, workbook.body, [COUNT_SHEET, SHARE_SHEET])) {
      readers[row.sheet]?.add(row.number, row.cells);
    }
    for (const name of Object.keys(readers)) ctx.shape.note('sheet', name);
    const persons = (readers[COUNT_SHEET] as SheetReader).finish();
    const percent = (readers[SHARE_SHEET] as SheetReader).finish();
    if (persons.year !== percent.year || persons.months.join() !== percent.months.join()) {
      throw new PayloadError(
        ID,
        `the sheets cover different months (${persons.year}: ${persons.months.join(',')} and ${percent.year}: ${percent.months.join(',')})`,
      );
    }
    for (const label of percent.rows.keys())
      if (!persons.rows.has(label))
        throw new PayloadError(ID, `"${label}" is in "${SHARE_SHEET}" but not in "${COUNT_SHEET}"`);
    for (const [label, counts] of persons.rows) {
      const shares = percent.rows.get(label);
      if (!shares)
        throw new PayloadError(ID, `"${label}" is in "${COUNT_SHEET}" but not in "${SHARE_SHEET}"`);
      for (const [i, month] of persons.months.entries()) {
        const row: RawRow = [
          label,
          `${persons.year}-${String(month).padStart(2, '0')}-01`,
          counts[i] ?? null,
          shares[i] ?? null,
        ];
        yield row;
      }
    }
  },
  fixtureFor(method, pathAndQuery) {
    if (method !== 'GET') return undefined;
    const path = pathAndQuery.split('?')[0] as string;
    if (path === PAGE_PATH) return 'helt-ledige.html';
    if (
      /^\/_\/attachment\/(download|inline)\//.test(path) &&
      /HL060/i.test(decodeURIComponent(path)) &&
      path.endsWith('.xlsx')
    )
      return 'HL060.xlsx';
    return undefined;
  },
};
