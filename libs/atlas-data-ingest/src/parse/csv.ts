import { PayloadError } from './payload-error.js';

/**
 * Split delimiter-separated text into records (RFC 4180 quoting: "..." with "" for a quote, so a
 * field may hold the delimiter or a line break). A UTF-8 byte order mark and blank lines are dropped.
 */
export function parseDelimited(source: string, text: string, delimiter = ';'): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    record.push(field);
    field = '';
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\n') endRecord();
    else if (c === '\r') {
      if (text[i + 1] !== '\n') endRecord();
    } else field += c;
  }
  if (quoted)
    throw new PayloadError(
      source,
      `a quoted field opened on record ${records.length + 1} is never closed: the file may be truncated`,
    );
  if (field !== '' || record.length > 0) endRecord();
  return records;
}
