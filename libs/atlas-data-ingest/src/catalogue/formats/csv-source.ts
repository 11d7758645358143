import type { ShapeRecorder } from '../../check/payload-shape.js';
import { parseCsv } from '../../parse/csv.js';
import { PayloadError } from '../../parse/payload-error.js';
import type { PayloadPart } from '../source-definition.js';

export interface CsvTableSpec {
  source: string;
  delimiter: string;
  /** The header labels the source reads, as the file writes them; other columns are ignored. */
  columns: readonly string[];
}

/** One data line of the file: its line number and the value of each column the source reads. */
export interface CsvRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * Read a delimited file with a header line: note the header labels as its shape, check the columns
 * the source reads are there (a renamed column is drift, named in one line), and hand out each data
 * line by column label. A line with another number of fields than the header fails with its number.
 */
export function readCsvTable(part: PayloadPart, spec: CsvTableSpec, shape: ShapeRecorder): CsvRow[] {
  const [header, ...records] = parseCsv(spec.source, part.body, spec.delimiter);
  if (!header)
    throw new PayloadError(spec.source, `the response of ${part.url} is empty: expected a header line`);
  const labels = header.fields.map((f) => f.trim());
  for (const label of labels) shape.note('column', label);
  for (const column of spec.columns) {
    if (!labels.includes(column)) {
      throw new PayloadError(
        spec.source,
        `column "${column}" is missing from the header (it has ${labels.map((l) => `"${l}"`).join(', ')}): the file layout changed, update the source definition`,
        { field: column },
      );
    }
  }
  return records.map(({ line, fields }) => {
    if (fields.length !== labels.length) {
      throw new PayloadError(
        spec.source,
        `has ${fields.length} fields, the header ${labels.length}: the file is cut or a delimiter is not quoted`,
        { row: `line ${line}` },
      );
    }
    const values: Record<string, string> = {};
    for (const column of spec.columns) values[column] = fields[labels.indexOf(column)] as string;
    return { line, values };
  });
}
