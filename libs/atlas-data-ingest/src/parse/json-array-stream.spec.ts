import { describe, expect, it } from 'vitest';
import { jsonArrayElements } from './json-array-stream.js';

async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function elements(text: string, size = 1 << 16): Promise<string[]> {
  const out: string[] = [];
  for await (const element of jsonArrayElements('src', chunks(text, size))) out.push(element);
  return out;
}

// Pretty-printed like the register's bulk file, with the characters that break naive framing:
// braces and brackets inside strings, escaped quotes, a backslash before a quote, æøå.
const FILE = `[ {
  "organisasjonsnummer" : "111111111",
  "navn" : "A } ] { [ \\"B\\" \\\\",
  "adresse" : [ "Storgata 1", "Tromsø" ]
}, {
  "organisasjonsnummer" : "222222222",
  "overordnetEnhet" : { "organisasjonsnummer" : "333333333" }
} ]`;

describe('jsonArrayElements', () => {
  it('yields each element of the array whole, at every chunk size', async () => {
    const reference = await elements(FILE);
    expect(reference.map((e) => JSON.parse(e) as unknown)).toEqual(JSON.parse(FILE));
    for (const size of [1, 2, 3, 5, 7, 13, 64])
      expect(await elements(FILE, size), `chunk size ${size}`).toEqual(reference);
  });

  it('keeps a multi-byte character split across chunks', async () => {
    const [element] = await elements('[{"navn":"Ærøy Å"}]', 11);
    expect(JSON.parse(element as string)).toEqual({ navn: 'Ærøy Å' });
  });

  it('accepts an empty array', async () => {
    expect(await elements('[ ]')).toEqual([]);
  });

  it.each([
    [
      'a truncated download',
      '[{"a":1},{"a"',
      /^src: the download ends inside the array after 1 complete elements: it was cut short, run the ingest again$/,
    ],
    ['an empty download', '', /^src: row 1: the download is empty: expected a JSON array$/],
    ['an object instead of an array', '{"a":1}', /the payload is not a JSON array/],
    ['a scalar element', '[{"a":1}, 5]', /^src: row 2: an element is not an object \(it starts with "5"\)/],
    ['text after the array', '[{"a":1}] [', /there is more after the end of the array/],
  ])('fails on %s with one line', async (_name, text, message) => {
    await expect(elements(text, 3)).rejects.toThrow(message);
  });
});
