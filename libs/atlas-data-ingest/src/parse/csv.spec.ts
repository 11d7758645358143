import { describe, expect, it } from 'vitest';
import { norwegianNumber, parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('splits quoted and bare fields, with "" inside quotes and line breaks kept', () => {
    const text = '\uFEFF"Region";"Verdi"\r\n"0301 Oslo";"12,5"\r\n4601 Bergen;"say ""hi""\nthere"\r\n\r\n';
    expect(parseCsv('t', text, ';')).toEqual([
      { line: 1, fields: ['Region', 'Verdi'] },
      { line: 2, fields: ['0301 Oslo', '12,5'] },
      { line: 3, fields: ['4601 Bergen', 'say "hi"\nthere'] },
    ]);
  });

  it('keeps empty fields and a last line without a line break', () => {
    expect(parseCsv('t', 'a,,c\n,b,', ',')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 2, fields: ['', 'b', ''] },
    ]);
  });

  it('names the line of an unterminated quote and of text after a closing quote', () => {
    expect(() => parseCsv('t', 'a;b\n"0301;1', ';')).toThrow(
      't: row line 2: a quoted field is never closed: the file may be truncated',
    );
    expect(() => parseCsv('t', 'a;b\n"0301"x;1', ';')).toThrow(
      't: row line 2: text after a closing quote ("x")',
    );
  });
});

describe('norwegianNumber', () => {
  it('reads a decimal comma, thousands spaces and the suppression marks', () => {
    expect(norwegianNumber('12,5')).toBe('12.5');
    expect(norwegianNumber('1 234')).toBe('1234');
    expect(norwegianNumber('-3')).toBe('-3');
    expect(['..', '...', ':', '.'].map(norwegianNumber)).toEqual([null, null, null, null]);
    expect(norwegianNumber('ca. 9')).toBe('ca. 9');
  });
});
