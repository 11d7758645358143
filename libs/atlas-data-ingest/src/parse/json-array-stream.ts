import { PayloadError } from './payload-error.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * The elements of one top-level JSON array of objects, as text, from its bytes in chunks of any
 * size: the bulk download is a single array of ~2 GB, far too large for JSON.parse as a whole.
 * Only the structure is tracked here (depth, strings and escapes); each element is handed to the
 * caller whole, so JSON.parse validates its content and a mis-framed element fails loudly.
 * Scanning bytes, not decoded text, keeps multi-byte characters split across chunks intact (UTF-8
 * continuation bytes never look like a quote, brace or bracket).
 */
export async function* jsonArrayElements(
  source: string,
  chunks: AsyncIterable<Buffer>,
): AsyncGenerator<string> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let opened = false;
  let closed = false;
  let element = 0;
  /** Pieces of the element being read that arrived in earlier chunks. */
  let pending: Buffer[] = [];

  const fail = (detail: string): never => {
    throw new PayloadError(source, detail, { row: element + 1 });
  };

  for await (const chunk of chunks) {
    let start = depth >= 2 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      if (inString) {
        if (escaped) {
          escaped = false;
          continue;
        }
        // Jump to the next quote (most of the file is inside strings); it closes the string unless
        // an odd run of backslashes escapes it.
        const quote = chunk.indexOf(QUOTE, i);
        const end = quote < 0 ? chunk.length : quote;
        let backslashes = 0;
        for (let k = end - 1; k >= i && chunk[k] === BACKSLASH; k--) backslashes++;
        if (quote < 0) {
          escaped = backslashes % 2 === 1;
          i = chunk.length;
        } else {
          if (backslashes % 2 === 0) inString = false;
          i = quote;
        }
        continue;
      }
      const byte = chunk[i] as number;
      if (depth >= 2) {
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++;
        else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
          depth--;
          if (depth === 1) {
            const piece = chunk.subarray(start, i + 1);
            const text = (pending.length > 0 ? Buffer.concat([...pending, piece]) : piece).toString('utf8');
            pending = [];
            start = -1;
            element++;
            yield text;
          }
        }
        continue;
      }
      if (isSpace(byte)) continue;
      if (closed) fail('there is more after the end of the array: the file is not one JSON array');
      if (depth === 0) {
        if (byte !== OPEN_ARRAY) fail('the payload is not a JSON array: the download format changed');
        depth = 1;
        opened = true;
      } else if (byte === OPEN_OBJECT) {
        depth = 2;
        start = i;
      } else if (byte === CLOSE_ARRAY) {
        depth = 0;
        closed = true;
      } else if (byte !== COMMA) {
        fail(
          `an element is not an object (it starts with "${String.fromCharCode(byte)}"): the download format changed`,
        );
      }
    }
    if (start >= 0) pending.push(chunk.subarray(start));
  }
  if (!opened) fail('the download is empty: expected a JSON array');
  if (!closed)
    throw new PayloadError(
      source,
      `the download ends inside the array after ${element} complete elements: it was cut short, run the ingest again`,
    );
}
