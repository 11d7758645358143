import { PayloadError } from './payload-error.js';

/** One record of a delimited text file: its line number (1-based, of its first line) and its fields. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/**
 * Split delimited text (RFC 4180: fields optionally in double quotes, "" for a quote inside one,
 * line breaks inside quotes kept) into records. A byte-order mark, CRLF line ends and a final line
 * break are accepted; an unterminated quote or text after a closing quote fails with the line.
 */
export function parseCsv(source: string, text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let afterQuote = false;
  const endField = () => {
    fields.push(field);
    field = '';
    afterQuote = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === delimiter) endField();
    else if (c === '\n' || (c === '\r' && body[i + 1] === '\n')) {
      if (c === '\r') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (afterQuote) {
      throw new PayloadError(source, `text after a closing quote (${JSON.stringify(c)})`, {
        row: `line ${line}`,
      });
    } else if (c === '"' && field === '') quoted = true;
    else field += c;
  }
  if (quoted)
    throw new PayloadError(source, 'a quoted field is never closed: the file may be truncated', {
      row: `line ${recordLine}`,
    });
  if (field !== '' || fields.length > 0 || afterQuote) endRecord();
  return records;
}

/**
 * A figure as Norwegian statistics files write it: decimal comma or point, spaces as thousands
 * separators, and the suppression marks of SSB's tables ("..", "...", ":", ".": not available,
 * confidential, not applicable) as a missing value (null). Anything else is returned as written,
 * for the column's validation to name.
 */
export function norwegianNumber(text: string): string | null {
  const trimmed = text.trim();
  if (/^(\.{1,3}|:)$/.test(trimmed)) return null;
  const compact = trimmed.replace(/[\s\u00a0]/g, '');
  return /^-?\d+(,\d+)?$/.test(compact) ? compact.replace(',', '.') : trimmed;
}
