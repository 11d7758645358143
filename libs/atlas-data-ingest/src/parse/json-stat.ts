import { PayloadError } from './payload-error.js';

/** One dimension of a JSON-stat 2.0 dataset: its category codes in index order, and their labels. */
export interface JsonStatDimension {
  readonly id: string;
  readonly codes: readonly string[];
  readonly labels: readonly string[];
}

/** One cell of the cube: the category code (and label) of every dimension, and the value. */
export interface JsonStatCell {
  /** Position in the dataset's value array. */
  readonly index: number;
  readonly codes: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** number, or null where the source suppresses the value; anything else is passed on for validation. */
  readonly value: unknown;
}

export interface JsonStatDataset {
  readonly dimensions: readonly JsonStatDimension[];
  readonly size: readonly number[];
  /** Cells in value-array order (row-major: the last dimension varies fastest). */
  cells(): Generator<JsonStatCell>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Category codes in index order: `index` is either an array of codes or an object code → position. */
function categoryCodes(source: string, dimId: string, category: Record<string, unknown>): string[] {
  const index = category['index'];
  const label = category['label'];
  if (Array.isArray(index)) return index.map(String);
  if (isObject(index)) {
    const codes: string[] = [];
    for (const [code, position] of Object.entries(index)) {
      if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) {
        throw new PayloadError(
          source,
          `category index of "${code}" is ${JSON.stringify(position)}, not a position`,
          { field: `dimension.${dimId}` },
        );
      }
      codes[position] = code;
    }
    if (codes.some((c) => c === undefined) || codes.length !== Object.keys(index).length) {
      throw new PayloadError(source, 'category index positions are not 0..n-1', {
        field: `dimension.${dimId}`,
      });
    }
    return codes;
  }
  // A dimension with a single category may omit index and give only the label.
  if (index === undefined && isObject(label) && Object.keys(label).length === 1) return Object.keys(label);
  throw new PayloadError(source, 'category has no index', { field: `dimension.${dimId}` });
}

/**
 * Read a JSON-stat 2.0 dataset (https://json-stat.org/full/): version "2.0", class "dataset",
 * id + size, dimension[id].category.{index,label}, and value as an array or a sparse object.
 * The structure is validated here; the values are left to the source's column validation.
 */
export function readJsonStatDataset(source: string, json: unknown): JsonStatDataset {
  if (!isObject(json))
    throw new PayloadError(source, 'the payload is not a JSON object, expected a JSON-stat 2.0 dataset');
  if (json['version'] !== '2.0') {
    throw new PayloadError(
      source,
      `JSON-stat version is ${JSON.stringify(json['version'])}, expected "2.0"`,
      { field: 'version' },
    );
  }
  if (json['class'] !== 'dataset') {
    throw new PayloadError(
      source,
      `JSON-stat class is ${JSON.stringify(json['class'])}, expected "dataset"`,
      { field: 'class' },
    );
  }
  const ids = json['id'];
  const size = json['size'];
  if (!Array.isArray(ids) || !ids.every((i) => typeof i === 'string'))
    throw new PayloadError(source, 'is not an array of dimension ids', { field: 'id' });
  if (
    !Array.isArray(size) ||
    size.length !== ids.length ||
    !size.every((n) => Number.isInteger(n) && (n as number) >= 0)
  ) {
    throw new PayloadError(source, `does not match id (${ids.length} dimensions)`, { field: 'size' });
  }
  const dimensionObject = json['dimension'];
  if (!isObject(dimensionObject)) throw new PayloadError(source, 'is missing', { field: 'dimension' });

  const dimensions: JsonStatDimension[] = (ids as string[]).map((id, d) => {
    const dim = dimensionObject[id];
    if (!isObject(dim) || !isObject(dim['category'])) {
      throw new PayloadError(source, `dimension "${id}" listed in id has no category`, {
        field: `dimension.${id}`,
      });
    }
    const category = dim['category'];
    const codes = categoryCodes(source, id, category);
    if (codes.length !== size[d]) {
      throw new PayloadError(source, `has ${codes.length} categories but size says ${String(size[d])}`, {
        field: `dimension.${id}`,
      });
    }
    const labelObject = isObject(category['label']) ? category['label'] : {};
    const labels = codes.map((code) =>
      typeof labelObject[code] === 'string' ? (labelObject[code] as string) : code,
    );
    return { id, codes, labels };
  });

  const total = (size as number[]).reduce((a, b) => a * b, 1);
  const rawValue = json['value'];
  let valueAt: (i: number) => unknown;
  if (Array.isArray(rawValue)) {
    if (rawValue.length !== total) {
      throw new PayloadError(
        source,
        `has ${rawValue.length} entries, expected ${total} (the product of size)`,
        { field: 'value' },
      );
    }
    valueAt = (i) => rawValue[i];
  } else if (isObject(rawValue)) {
    valueAt = (i) => rawValue[String(i)] ?? null;
  } else {
    throw new PayloadError(source, 'is missing or not an array', { field: 'value' });
  }

  return {
    dimensions,
    size: size as number[],
    *cells() {
      const position = dimensions.map(() => 0);
      for (let i = 0; i < total; i++) {
        const codes: Record<string, string> = {};
        const labels: Record<string, string> = {};
        dimensions.forEach((dim, d) => {
          codes[dim.id] = dim.codes[position[d] as number] as string;
          labels[dim.id] = dim.labels[position[d] as number] as string;
        });
        yield { index: i, codes, labels, value: valueAt(i) };
        for (let d = dimensions.length - 1; d >= 0; d--) {
          position[d] = (position[d] as number) + 1;
          if ((position[d] as number) < (dimensions[d] as JsonStatDimension).codes.length) break;
          position[d] = 0;
        }
      }
    },
  };
}

/**
 * Check that the dataset has the dimensions a source reads, and that every other dimension holds a
 * single category (otherwise the rows would repeat): the guard against schema drift upstream.
 */
export function requireDimensions(
  source: string,
  dataset: JsonStatDataset,
  required: readonly string[],
): void {
  const present = dataset.dimensions.map((d) => d.id);
  for (const id of required) {
    if (!present.includes(id)) {
      throw new PayloadError(
        source,
        `dimension "${id}" is missing from the JSON-stat dataset (it has ${present.join(', ')}): the upstream table changed, update the source definition`,
        { field: id },
      );
    }
  }
  for (const dim of dataset.dimensions) {
    if (!required.includes(dim.id) && dim.codes.length > 1) {
      throw new PayloadError(
        source,
        `unexpected dimension "${dim.id}" with ${dim.codes.length} categories: the query must select one, or the source must read it`,
        { field: dim.id },
      );
    }
  }
}

/** A readable name of a cell for error messages: "Region=0301, Tid=2024". */
export function describeCell(cell: JsonStatCell, ids: readonly string[]): string {
  return `${cell.index + 1} (${ids.map((id) => `${id}=${cell.codes[id]}`).join(', ')})`;
}
