import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../catalogue/source-definition.js';
import { coerceValue } from './values.js';

const ctx = { source: 's', row: 7 };
const col = (type: ColumnSpec['type'], nullable = false): ColumnSpec => ({ name: 'c', type, nullable });

describe('coerceValue', () => {
  it('accepts valid values in the form the loader writes', () => {
    expect(coerceValue(ctx, col('int'), 42)).toBe(42);
    expect(coerceValue(ctx, col('int'), ' 42 ')).toBe(42);
    expect(coerceValue(ctx, col('numeric'), '2.5')).toBe(2.5);
    expect(coerceValue(ctx, col('numeric'), -0.25)).toBe(-0.25);
    expect(coerceValue(ctx, col('date'), '2024-02-29')).toBe('2024-02-29');
    expect(coerceValue(ctx, col('text'), 'Tromsø')).toBe('Tromsø');
    expect(coerceValue(ctx, col('int', true), null)).toBeNull();
    expect(coerceValue(ctx, col('numeric', true), '')).toBeNull();
    expect(coerceValue(ctx, col('boolean'), false)).toBe(false);
  });

  it.each([
    ['int', '12a', 's: row 7, field "c": "12a" is not a whole number'],
    ['int', 1.5, 's: row 7, field "c": 1.5 is not a whole number'],
    ['int', 3_000_000_000, 's: row 7, field "c": 3000000000 is out of the range of an int column'],
    ['numeric', 'n/a', 's: row 7, field "c": "n/a" is not a number'],
    ['numeric', '1,5', 's: row 7, field "c": "1,5" is not a number'],
    ['date', '2023-02-29', 's: row 7, field "c": "2023-02-29" is not a date (YYYY-MM-DD)'],
    ['text', 12, 's: row 7, field "c": 12 is not text'],
    ['boolean', 'true', 's: row 7, field "c": "true" is not true or false'],
  ] as const)('rejects a bad %s (%s) with one line naming source, row and field', (type, value, message) => {
    expect(() => coerceValue(ctx, col(type), value)).toThrow(message);
  });

  it('rejects a missing required value', () => {
    expect(() => coerceValue(ctx, col('int'), undefined)).toThrow(
      's: row 7, field "c": is missing (no value), but the column is required',
    );
    expect(() => coerceValue(ctx, col('text'), '  ')).toThrow(/is empty, but the column is required/);
  });
});
