import { pipeline, type Readable, Transform } from 'node:stream';
import ExcelJS from 'exceljs';
import { PayloadError } from './payload-error.js';

/** A cell as the workbook holds it: number, text, or empty. Formulas are read as their result. */
export type CellValue = string | number | boolean | null;

/** One row of a sheet: its number (1-based, as Excel shows it) and its cells from column A. */
export interface SheetRow {
  readonly sheet: string;
  readonly number: number;
  readonly cells: readonly CellValue[];
}

/** The largest workbook a source reads (HL060 is well under 1 MB); a bigger answer is not the table. */
export const MAX_WORKBOOK_BYTES = 64 * 1024 * 1024;

/** Column letter of a 0-based cell position, for messages ("C" for 2). */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function plain(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((run) => run.text).join('');
    if ('result' in v) return plain(v.result);
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

/**
 * The rows of the named sheets of an .xlsx workbook, in the order the names are given, read with
 * ExcelJS from the download as it streams in (bounded by MAX_WORKBOOK_BYTES).
 *
 * Why ExcelJS's workbook reader and not its streaming WorkbookReader: a workbook that stores its
 * shared strings after its sheets, as Excel does, makes the streaming reader park the sheets in
 * temp files, and while it does, its stream iteration can miss the zip entries that follow (the
 * shared strings, workbook.xml): the sheets then come out as "Sheet1".. without their text,
 * depending on chunk sizes and timing (reproduced with ExcelJS 4.4.0; the symptom of its open
 * issues #2663 and #3025). The workbook reader unzips from memory and has no such race.
 *
 * A named sheet the workbook lacks, or a file that is not a readable workbook (a truncated
 * download, an HTML error page), fails with one PayloadError line.
 */
export async function* xlsxRows(
  source: string,
  url: string,
  body: Readable,
  sheets: readonly string[],
  maxBytes = MAX_WORKBOOK_BYTES,
): AsyncGenerator<SheetRow> {
  let bytes = 0;
  const capped = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes)
        done(
          new PayloadError(
            source,
            `the workbook from ${url} is larger than ${maxBytes} bytes: that is not the table, check the link`,
          ),
        );
      else done(null, chunk);
    },
  });
  pipeline(body, capped, () => undefined);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.read(capped);
  } catch (error) {
    if (error instanceof PayloadError) throw error;
    const cause = (error as { name?: string }).name === 'FetchError' ? error : undefined;
    if (cause) throw cause;
    throw new PayloadError(
      source,
      `the workbook from ${url} cannot be read (${(error as Error).message}): the download may be truncated or not a spreadsheet, run the ingest again`,
    );
  } finally {
    body.destroy();
  }
  const names = workbook.worksheets.map((w) => w.name);
  const missing = sheets.filter((s) => !names.includes(s));
  if (missing.length > 0) {
    throw new PayloadError(
      source,
      `the workbook has no sheet ${missing.map((s) => `"${s}"`).join(', ')} (it has ${names.map((s) => `"${s}"`).join(', ')}): the file layout changed, update the source definition`,
      { field: 'sheet' },
    );
  }
  for (const name of sheets) {
    const worksheet = workbook.getWorksheet(name) as ExcelJS.Worksheet;
    const rows: SheetRow[] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, number) => {
      rows.push({ sheet: name, number, cells: Array.from((row.values as unknown[]).slice(1), plain) });
    });
    yield* rows;
  }
}
