import type { ColumnSpec, RawValue } from './source-definition.js';
import { PayloadError } from '../parse/payload-error.js';

const KOMMUNENUMMER = /^\d{4}$/;

export const KOMMUNENUMMER_COLUMN: ColumnSpec = { name: 'kommunenummer', type: 'text', nullable: false };

/** A kommunenummer is four digits; anything else where a source names a kommune is drift. */
export function checkKommunenummer(source: string, row: number | string, value: RawValue): string {
  if (typeof value !== 'string' || !KOMMUNENUMMER.test(value)) {
    throw new PayloadError(source, `${JSON.stringify(value)} is not a four-digit kommunenummer`, {
      row,
      field: 'kommunenummer',
    });
  }
  return value;
}
