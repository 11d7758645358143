import type { RawRow, RawValue } from '../catalogue/source-definition.js';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in PostgreSQL's COPY text format: \N for NULL, backslash escapes for \ tab LF CR. */
export function copyValue(value: RawValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] as string) : value;
}

function copyLine(row: RawRow, suffix: string): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + copyValue(row[i] as RawValue);
  return line + suffix + '\n';
}

/**
 * COPY text in chunks of about `chunkChars` characters: each row's values, then the fixed
 * bookkeeping columns (already encoded, tab-led), one line per row.
 */
export function* copyTextChunks(
  rows: Iterable<RawRow>,
  suffix: string,
  chunkChars = 1 << 20,
): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += copyLine(row, suffix);
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The same for rows that arrive as they are read (a streamed payload). */
export async function* copyTextChunksAsync(
  rows: AsyncIterable<RawRow>,
  suffix: string,
  chunkChars = 1 << 20,
): AsyncGenerator<string> {
  let chunk = '';
  for await (const row of rows) {
    chunk += copyLine(row, suffix);
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
