import {
  describeCell,
  readJsonStatDataset,
  requireDimensions,
  type JsonStatCell,
} from '../../parse/json-stat.js';
import { parseJson } from '../../parse/payload-error.js';
import { coerceRow } from '../../parse/values.js';
import { checkKommunenummer } from '../kommunenummer.js';
import type { ColumnSpec, PayloadPart, RawRow } from '../source-definition.js';

export interface JsonStatMapping {
  source: string;
  columns: readonly ColumnSpec[];
  /** Dimensions the source reads; any other must hold a single category. */
  dimensions: readonly string[];
  /** Cells to skip (e.g. another content variable, or a county when only kommuner are loaded). */
  keep?: (cell: JsonStatCell) => boolean;
  /** The column values of one cell, keyed by column name. */
  toRecord: (cell: JsonStatCell) => Record<string, unknown>;
}

/** Rows of a JSON-stat 2.0 payload: one per kept cell, validated against the columns. */
export function jsonStatRows(parts: readonly PayloadPart[], mapping: JsonStatMapping): RawRow[] {
  const rows: RawRow[] = [];
  const kommuneColumn = mapping.columns.findIndex((c) => c.name === 'kommunenummer');
  for (const part of parts) {
    const dataset = readJsonStatDataset(mapping.source, parseJson(mapping.source, part));
    requireDimensions(mapping.source, dataset, mapping.dimensions);
    for (const cell of dataset.cells()) {
      if (mapping.keep && !mapping.keep(cell)) continue;
      const row = describeCell(cell, mapping.dimensions);
      const record = mapping.toRecord(cell);
      const values = coerceRow(
        { source: mapping.source, row },
        mapping.columns,
        mapping.columns.map((c) => record[c.name]),
      );
      if (kommuneColumn >= 0) checkKommunenummer(mapping.source, row, values[kommuneColumn] ?? null);
      rows.push(values);
    }
  }
  return rows;
}
