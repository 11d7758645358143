import type { ShapeRecorder } from '../../check/payload-shape.js';
import { readJsonStatDataset, requireDimensions, type JsonStatDataset } from '../../parse/json-stat.js';
import { parseJson, PayloadError } from '../../parse/payload-error.js';
import type { PayloadPart } from '../source-definition.js';

export interface DatasetSpec {
  source: string;
  /** Dimensions the source reads; any other must hold a single category. */
  dimensions: readonly string[];
  /** Dimensions with a fixed code list (content codes, groups, sex): their codes are part of the shape. */
  coded: readonly string[];
  /** Dimensions whose codes must have one form (a period "9999-9999"): the form is part of the shape. */
  formed?: readonly string[];
}

/** The form of a code, digits as 9: "K-0301" → "K-9999", "2023-2024" → "9999-9999". */
export function codeForm(code: string): string {
  return code.replace(/\d/g, '9');
}

/**
 * Read a JSON-stat 2.0 response, check it has the dimensions the source reads, and note its shape:
 * the dimension ids, the codes of the coded dimensions, the forms of the formed ones.
 */
export function readDataset(part: PayloadPart, spec: DatasetSpec, shape: ShapeRecorder): JsonStatDataset {
  const dataset = readJsonStatDataset(spec.source, parseJson(spec.source, part));
  for (const dimension of dataset.dimensions) {
    shape.note('dimension', dimension.id);
    if (spec.coded.includes(dimension.id))
      for (const code of dimension.codes) shape.note(`${dimension.id} code`, code);
    if (spec.formed?.includes(dimension.id))
      for (const code of dimension.codes) shape.note(`${dimension.id} code form`, codeForm(code));
  }
  requireDimensions(spec.source, dataset, spec.dimensions);
  return dataset;
}

/** A dimension the query fixes to one category must answer with exactly that category. */
export function requireCategory(
  source: string,
  dataset: JsonStatDataset,
  dimension: string,
  code: string,
): void {
  const found = dataset.dimensions.find((d) => d.id === dimension);
  if (!found || found.codes.length !== 1 || found.codes[0] !== code) {
    throw new PayloadError(
      source,
      `dimension "${dimension}" answers with ${found ? found.codes.map((c) => `"${c}"`).join(', ') : 'nothing'}, the query asked for "${code}": the table changed, update the source definition`,
      { field: dimension },
    );
  }
}
