import type { ColumnSpec, RawValue } from '../catalogue/source-definition.js';
import { PayloadError } from './payload-error.js';

const INT = /^-?\d+$/;
/** PostgreSQL int (int4) range: a wider number would only fail later, inside COPY. */
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
const NUMERIC = /^-?\d+(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface ValueContext {
  source: string;
  row: number | string;
}

function fail(ctx: ValueContext, column: ColumnSpec, detail: string): never {
  throw new PayloadError(ctx.source, detail, { row: ctx.row, field: column.name });
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Validate one value for a column and return it in the form the loader writes (numbers as numbers,
 * dates as YYYY-MM-DD, text trimmed of nothing). Strings holding numbers are accepted for int and
 * numeric columns (spreadsheet and CSV sources); anything else that is not a finite number is
 * rejected. A boolean column takes only JSON true or false.
 */
export function coerceValue(ctx: ValueContext, column: ColumnSpec, value: unknown): RawValue {
  if (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '' && column.type !== 'text')
  ) {
    if (column.nullable) return null;
    return fail(ctx, column, 'is missing (no value), but the column is required');
  }
  switch (column.type) {
    case 'text': {
      if (typeof value !== 'string') return fail(ctx, column, `${show(value)} is not text`);
      if (value.trim() === '') {
        if (column.nullable) return null;
        return fail(ctx, column, 'is empty, but the column is required');
      }
      return value;
    }
    case 'int': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && INT.test(value.trim())
            ? Number(value.trim())
            : NaN;
      if (!Number.isInteger(n)) return fail(ctx, column, `${show(value)} is not a whole number`);
      if (n < INT_MIN || n > INT_MAX)
        return fail(ctx, column, `${show(value)} is out of the range of an int column`);
      return n;
    }
    case 'numeric': {
      if (typeof value === 'number') {
        if (Number.isFinite(value)) return value;
        return fail(ctx, column, `${show(value)} is not a finite number`);
      }
      if (typeof value === 'string' && NUMERIC.test(value.trim())) return Number(value.trim());
      return fail(ctx, column, `${show(value)} is not a number`);
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      return fail(ctx, column, `${show(value)} is not true or false`);
    }
    case 'date': {
      const match = typeof value === 'string' ? DATE.exec(value.trim()) : null;
      if (match && isRealDate(Number(match[1]), Number(match[2]), Number(match[3])))
        return (value as string).trim();
      return fail(ctx, column, `${show(value)} is not a date (YYYY-MM-DD)`);
    }
  }
}

/** Validate a whole row against the column list (values given in column order). */
export function coerceRow(
  ctx: ValueContext,
  columns: readonly ColumnSpec[],
  values: readonly unknown[],
): RawValue[] {
  return columns.map((column, i) => coerceValue(ctx, column, values[i]));
}
