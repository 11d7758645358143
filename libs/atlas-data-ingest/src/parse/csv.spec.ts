import { describe, expect, it } from 'vitest';
import { parseDelimited } from './csv.js';

describe('parseDelimited', () => {
  it('splits semicolon records, with quotes, CRLF, a BOM and blank lines', () => {
    const text = '\ufeffa;b;c\r\n1;"x;y";"say ""hi"""\r\n\r\n2;"two\nlines";\n';
    expect(parseDelimited('s', text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x;y', 'say "hi"'],
      ['2', 'two\nlines', ''],
    ]);
  });

  it('keeps a last record without a line break', () => {
    expect(parseDelimited('s', 'a;b\n1;2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reports a quote that never closes (a truncated file)', () => {
    expect(() => parseDelimited('nav', 'a;b\n1;"unfinished')).toThrow(
      'nav: a quoted field opened on record 2 is never closed: the file may be truncated',
    );
  });
});
