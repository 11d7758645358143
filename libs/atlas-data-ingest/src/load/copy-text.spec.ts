import { describe, expect, it } from 'vitest';
import { copyTextChunks, copyValue } from './copy-text.js';

describe('COPY text encoding', () => {
  it('writes NULL as \\N and escapes backslash, tab, newline and carriage return', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(12.5)).toBe('12.5');
    expect(copyValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyValue('Tromsø')).toBe('Tromsø');
    expect(copyValue(true)).toBe('t');
    expect(copyValue(false)).toBe('f');
  });

  it('joins rows with the bookkeeping suffix and cuts chunks at line ends', () => {
    const rows = [
      ['0301', 2024, null],
      ['4601', 2024, 5],
    ];
    const chunks = [...copyTextChunks(rows, '\t7\t2024-01-01T00:00:00Z', 10)];
    expect(chunks).toEqual([
      '0301\t2024\t\\N\t7\t2024-01-01T00:00:00Z\n',
      '4601\t2024\t5\t7\t2024-01-01T00:00:00Z\n',
    ]);
    expect([...copyTextChunks([], '')]).toEqual([]);
  });
});
